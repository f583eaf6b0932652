import type { FastifyInstance } from 'fastify';
import { registerAssessmentRoutes } from './assessments.js';
import type { CareApiDeps } from './care-http.js';
import { registerMessageRoutes } from './messages.js';
import { registerNotificationRoutes } from './notifications.js';
import { registerPlanRoutes } from './plans.js';
import { registerPortalRoutes } from './portal.js';
import { registerRosterRoutes } from './roster.js';
import { registerTaskRoutes } from './tasks.js';

/** Registers the care-team workspace API under /api: plans, roster, tasks and worklist, messages, notifications, assessments, the person's portal. */
export function registerCareApiRoutes(app: FastifyInstance, deps: CareApiDeps): void {
  registerPlanRoutes(app, deps);
  registerRosterRoutes(app, deps);
  registerTaskRoutes(app, deps);
  registerMessageRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  registerAssessmentRoutes(app, deps);
  registerPortalRoutes(app, deps);
}
