/**
 * The FHIR R4 Subscriptions Backport IG 1.1 (http://hl7.org/fhir/uv/subscriptions-backport/)
 * canonical URLs Careweave reads and writes, in one place.
 */
export const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport';

/** `Subscription.meta.profile` of a topic-based Subscription in R4. */
export const BACKPORT_SUBSCRIPTION_PROFILE = `${BACKPORT}/StructureDefinition/backport-subscription`;
/** `Parameters.meta.profile` of a SubscriptionStatus in R4. */
export const BACKPORT_STATUS_PROFILE = `${BACKPORT}/StructureDefinition/backport-subscription-status-r4`;
/** `Bundle.meta.profile` of a notification Bundle in R4. */
export const BACKPORT_NOTIFICATION_PROFILE = `${BACKPORT}/StructureDefinition/backport-subscription-notification-r4`;

/** Extensions of the R4 Subscription (backport IG §"R4 Subscriptions"). */
export const EXT = {
  /** On `Subscription.criteria` (`_criteria`): the topic's filter, `Type?param=value`. */
  filterCriteria: `${BACKPORT}/StructureDefinition/backport-filter-criteria`,
  /** On `Subscription.channel`: seconds between heartbeats. */
  heartbeatPeriod: `${BACKPORT}/StructureDefinition/backport-heartbeat-period`,
  /** On `Subscription.channel`: seconds an endpoint may take to answer. */
  timeout: `${BACKPORT}/StructureDefinition/backport-timeout`,
  /** On `Subscription.channel.payload` (`_payload`): empty | id-only | full-resource. */
  payloadContent: `${BACKPORT}/StructureDefinition/backport-payload-content`,
  /** On `Subscription.channel.type` (`_type`): a channel type R4 lacks (not used: both are R4 codes). */
  channelType: `${BACKPORT}/StructureDefinition/backport-channel-type`,
  /** On `CapabilityStatement`: a topic the server offers (backport IG "Discovery"). */
  topicCanonical: `${BACKPORT}/StructureDefinition/capabilitystatement-subscriptiontopic-canonical`,
} as const;

/** The payload contents of the IG (backport-content-value-set). */
export const PAYLOAD_CONTENTS = ['empty', 'id-only', 'full-resource'] as const;
export type PayloadContent = (typeof PAYLOAD_CONTENTS)[number];

/** The channels Careweave delivers on. */
export const CHANNEL_TYPES = ['rest-hook', 'websocket'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** The base of Careweave's topic canonicals. */
export const TOPIC_BASE = 'https://careweave.org/fhir/SubscriptionTopic';
