import { markNotificationsAsRead, notificationFeed } from '@careweave/care';
import type { FastifyInstance } from 'fastify';
import { AUTHENTICATED, queryParam, type CareApiDeps } from './care-http.js';

/**
 * The notifications feed: task assigned to me, mention, plan changed by someone else
 * (shapes in packages/care/src/tasks/README.md "Notifications").
 */
export function registerNotificationRoutes(app: FastifyInstance, deps: CareApiDeps): void {
  const { repo } = deps;

  app.get('/api/notifications', AUTHENTICATED, async (request) => {
    const before = queryParam(request, 'before');
    const count = queryParam(request, 'count');
    return notificationFeed(repo, request.careweave, {
      ...(before ? { before } : {}),
      ...(count ? { limit: Number.parseInt(count, 10) || 50 } : {}),
      ...(queryParam(request, 'unread') === 'true' ? { unreadOnly: true } : {}),
    });
  });

  app.post('/api/notifications/read', AUTHENTICATED, async (request) => {
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as {
      ids?: unknown;
    };
    const ids = Array.isArray(body.ids) ? body.ids.map(String) : undefined;
    return { marked: await markNotificationsAsRead(repo, request.careweave, ids) };
  });
}
