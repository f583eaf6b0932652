-- A card dismissed by a person is not shown to them again for a while (care/decision-support
-- "Dismissed cards"): the lookup is by person and who it was shown to.
CREATE INDEX IF NOT EXISTS cds_card_patient_idx ON cds_card (patient_id, issued_to);
