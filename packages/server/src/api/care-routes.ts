import type { FastifyInstance } from 'fastify';
import type { CareApiDeps } from './care-http.js';
import { registerMessageRoutes } from './messages.js';
import { registerNotificationRoutes } from './notifications.js';
import { registerPlanRoutes } from './plans.js';
import { registerRosterRoutes } from './roster.js';
import { registerTaskRoutes } from './tasks.js';

/** Registers the care-team workspace API under /api: plans, roster, tasks and worklist, messages, notifications. */
export function registerCareApiRoutes(app: FastifyInstance, deps: CareApiDeps): void {
  registerPlanRoutes(app, deps);
  registerRosterRoutes(app, deps);
  registerTaskRoutes(app, deps);
  registerMessageRoutes(app, deps);
  registerNotificationRoutes(app, deps);
}
