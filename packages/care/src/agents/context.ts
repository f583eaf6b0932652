import { type RequestContext } from '@careweave/store';
import { AGENTS, type AgentKey } from './registry.js';

/** What an automated actor's request context says about it: its Device and the rule or model version. */
export interface AgentIdentity {
  key: AgentKey;
  deviceId: string;
  /** The version of the rules or model that made the decision (e.g. the model's training period). */
  version: string;
}

/** A request context of an automated actor: actor `Device/<id>`, system scope, and its identity. */
export interface AgentContext extends RequestContext {
  agent: AgentIdentity;
}

/**
 * The context an automated actor writes with. Every write made with it must pass the agent rules
 * of the one write path (registered Device, permitted type) and gets a Provenance naming the
 * Device and `version` (default: the agent's software version).
 */
export function agentContext(key: AgentKey, version?: string): AgentContext {
  const agent = AGENTS[key];
  return {
    actor: `Device/${agent.deviceId}`,
    scope: { kind: 'system' },
    agent: { key, deviceId: agent.deviceId, version: version ?? agent.version },
  };
}

/** The agent identity a context carries, if any. */
export function agentOf(ctx: RequestContext): AgentIdentity | undefined {
  const a = (ctx as Partial<AgentContext>).agent;
  return a && typeof a === 'object' ? a : undefined;
}

/** Whether a context is an automated actor's (a Device acts, or it carries an agent identity). */
export function isAutomated(ctx: RequestContext): boolean {
  return ctx.actor.startsWith('Device/') || agentOf(ctx) !== undefined;
}
