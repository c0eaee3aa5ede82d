// The CSV writer moved to http/csv.ts (the audit log exports with it too); kept for importers.
export * from '../http/csv';
