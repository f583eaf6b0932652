import { ActionIcon, Indicator } from '@mantine/core';
import { navigate } from '../../../app/router';
import { useUnreadCounts } from '../hooks/useNotifications';
import { bellLabel } from '../model/notifications';

/** The header bell: unread notifications (plus unread team messages) polled every 30 s; opens the feed. */
export function NotificationBell() {
  const { notifications, messages } = useUnreadCounts(true);
  const total = (notifications ?? 0) + (messages ?? 0);
  return (
    <Indicator
      label={<span aria-hidden="true">{total > 99 ? '99+' : total}</span>}
      size={16}
      color="red"
      disabled={total === 0}
      offset={4}
    >
      <ActionIcon
        component="a"
        href="/notifications"
        variant="subtle"
        color="gray"
        size="lg"
        aria-label={bellLabel(notifications, messages)}
        data-unread={notifications ?? ''}
        onClick={(e) => {
          e.preventDefault();
          navigate('/notifications');
        }}
      >
        <svg
          aria-hidden="true"
          width="20"
          height="20"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
      </ActionIcon>
    </Indicator>
  );
}
