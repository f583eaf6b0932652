-- Subscriptions (FHIR R4 Subscriptions Backport IG 1.1, and classic R4 criteria): each
-- Subscription's delivery state, and its notifications as a queue. Rows are written in the
-- transaction of the write that causes them (care/subscriptions, through the write hooks), so an
-- event exists exactly when its change committed and survives any crash after the commit.
CREATE TABLE IF NOT EXISTS subscription_state (
  subscription_id text PRIMARY KEY,
  -- mirror of Subscription.status: requested (handshake pending), active, error, off
  status text NOT NULL,
  -- a topic canonical URL (backport) or a classic `Type?query` criteria
  criteria text NOT NULL,
  -- the backport filter criteria (`Type?query`), when the topic is narrowed
  filter text,
  channel text NOT NULL,
  -- the Identity of the account or client that created it: deliveries are scoped to what it may see
  owner jsonb NOT NULL,
  heartbeat_seconds integer,
  -- events-since-subscription-start: the last event number given out
  events_since_start bigint NOT NULL DEFAULT 0,
  last_sent_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One notification to deliver. Delivered in `id` order per subscription: only the oldest pending
-- row of a subscription may be claimed (lease `claimed_until`, taken with FOR UPDATE SKIP LOCKED,
-- so two servers never deliver one row at once).
CREATE TABLE IF NOT EXISTS subscription_delivery (
  id bigserial PRIMARY KEY,
  subscription_id text NOT NULL,
  -- handshake | heartbeat | event-notification
  kind text NOT NULL,
  event_number bigint,
  -- Type/id/_history/version of the resource that fired
  focus text,
  created_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_until timestamptz,
  -- pending | delivered | withheld (the owner may not see the focus) | failed
  state text NOT NULL DEFAULT 'pending',
  finished_at timestamptz,
  last_error text
);
CREATE INDEX IF NOT EXISTS subscription_delivery_pending
  ON subscription_delivery (subscription_id, id) WHERE state = 'pending';
