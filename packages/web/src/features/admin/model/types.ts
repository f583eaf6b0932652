// The administration API's shapes live in the contract, shared with server/admin.
export type {
  AdminClient,
  AdminUser,
  AuditFilters,
  AuditRow,
  NewClient,
  NewUser,
  SystemStatus,
} from '@careweave/contract';
