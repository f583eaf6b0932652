// The administration API's shapes live in the contract, shared with server/admin.
export type {
  AdminClient,
  AdminUser,
  AuditFilters,
  AuditRow,
  ClientUpdate,
  NewClient,
  NewUser,
  PasswordReset,
  SystemStatus,
} from '@careweave/contract';
