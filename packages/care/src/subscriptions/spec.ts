import type { Extension, Subscription } from '@medplum/fhirtypes';
import { SubscriptionError } from '@careweave/contract';
import { listResourceTypes } from '@careweave/fhir';
import { careError } from '../shared/care-errors.js';
import {
  CHANNEL_TYPES,
  EXT,
  PAYLOAD_CONTENTS,
  type ChannelType,
  type PayloadContent,
} from './codes.js';
import { topicOf, type Topic } from './topics.js';

/** What a Subscription asks for, read once from the resource (R4 + backport extensions). */
export interface SubscriptionSpec {
  /** A backport topic, or a classic R4 criteria (`Type?query`). */
  topic?: Topic;
  criteria: string;
  /** The resource type and query of a classic criteria or of the topic's filter. */
  query?: { resourceType: string; params: [string, string][] };
  channel: ChannelType;
  endpoint?: string;
  /** `channel.header` values, `Name: value`. */
  headers: [string, string][];
  payload: PayloadContent;
  heartbeatSeconds?: number;
  timeoutSeconds?: number;
}

function extension(list: Extension[] | undefined, url: string): Extension | undefined {
  return list?.find((e) => e.url === url);
}

function bad(text: string, expression: string): Error {
  return careError(SubscriptionError.BAD_CHANNEL, 'business-rule', text, expression);
}

/** `Type?a=b&c=d` → type and parameter pairs; undefined when it is not one. */
export function parseCriteria(
  criteria: string,
): { resourceType: string; params: [string, string][] } | undefined {
  const [type, query = ''] = criteria.split('?', 2) as [string, string?];
  if (!listResourceTypes().includes(type)) return undefined;
  return { resourceType: type, params: [...new URLSearchParams(query).entries()] };
}

/**
 * Reads a Subscription: its topic (a canonical Careweave offers) or classic criteria, the
 * backport filter, the channel (rest-hook with an endpoint, or websocket), headers, payload
 * content and heartbeat period. Throws a 422 naming what is wrong.
 */
export function readSpec(s: Subscription): SubscriptionSpec {
  const criteria = (s.criteria ?? '').trim();
  let topic: Topic | undefined;
  let query: SubscriptionSpec['query'];
  if (/^https?:\/\//.test(criteria)) {
    topic = topicOf(criteria);
    if (!topic) {
      throw careError(
        SubscriptionError.UNKNOWN_TOPIC,
        'business-rule',
        `Unknown subscription topic ${criteria}; the CapabilityStatement lists the topics offered`,
        'Subscription.criteria',
      );
    }
    const filter = extension(
      (s as { _criteria?: { extension?: Extension[] } })._criteria?.extension,
      EXT.filterCriteria,
    )?.valueString;
    if (filter) {
      query = parseCriteria(filter);
      if (!query || !topic.resourceTypes.includes(query.resourceType)) {
        throw careError(
          SubscriptionError.UNKNOWN_TOPIC,
          'business-rule',
          `The filter "${filter}" must be a search on ${topic.resourceTypes.join(' or ')}`,
          'Subscription.criteria',
        );
      }
    }
  } else {
    query = parseCriteria(criteria);
    if (!query || query.resourceType === 'Subscription') {
      throw careError(
        SubscriptionError.UNKNOWN_TOPIC,
        'business-rule',
        `The criteria "${criteria}" is neither a topic canonical URL nor a search such as Observation?code=…`,
        'Subscription.criteria',
      );
    }
  }
  const channel = s.channel?.type as string | undefined;
  if (!CHANNEL_TYPES.includes(channel as ChannelType)) {
    throw bad(
      `Channel type ${channel ?? '(none)'} is not supported; use rest-hook or websocket`,
      'Subscription.channel.type',
    );
  }
  const endpoint = s.channel.endpoint;
  if (channel === 'rest-hook' && !endpoint) {
    throw bad('A rest-hook Subscription needs channel.endpoint', 'Subscription.channel.endpoint');
  }
  const contentExt = extension(
    (s.channel as { _payload?: { extension?: Extension[] } })._payload?.extension,
    EXT.payloadContent,
  )?.valueCode;
  if (contentExt !== undefined && !PAYLOAD_CONTENTS.includes(contentExt as PayloadContent)) {
    throw bad(
      `Payload content ${contentExt} is not one of ${PAYLOAD_CONTENTS.join(', ')}`,
      'Subscription.channel.payload',
    );
  }
  if (s.channel.payload && !/json/.test(s.channel.payload)) {
    throw bad(
      `Payload type ${s.channel.payload} is not supported; use application/fhir+json`,
      'Subscription.channel.payload',
    );
  }
  const payload =
    (contentExt as PayloadContent | undefined) ?? (s.channel.payload ? 'full-resource' : 'empty');
  const headers: [string, string][] = [];
  for (const line of s.channel.header ?? []) {
    const at = line.indexOf(':');
    const name = line.slice(0, at).trim();
    if (at <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n]/.test(line)) {
      throw bad(`channel.header "${line}" is not "Name: value"`, 'Subscription.channel.header');
    }
    headers.push([name, line.slice(at + 1).trim()]);
  }
  const seconds = (url: string): number | undefined => {
    const v = extension(s.channel.extension, url)?.valueUnsignedInt;
    return typeof v === 'number' && v > 0 ? v : undefined;
  };
  const heartbeatSeconds = seconds(EXT.heartbeatPeriod);
  const timeoutSeconds = seconds(EXT.timeout);
  return {
    ...(topic ? { topic } : {}),
    criteria,
    ...(query ? { query } : {}),
    channel: channel as ChannelType,
    ...(endpoint ? { endpoint } : {}),
    headers,
    payload,
    ...(heartbeatSeconds ? { heartbeatSeconds } : {}),
    ...(timeoutSeconds ? { timeoutSeconds } : {}),
  };
}
