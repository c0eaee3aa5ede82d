// Wire type of the audit log (`GET /api/v1/audit`, its CSV export): one entry with names
// beside the ids. The server builds it; the admin audit screen reads it.
export interface AuditRow {
	id: string;
	actor_id: string | null;
	actor_name: string | null;
	actor_email: string | null;
	actor_role: string | null;
	action: string;
	entity: string;
	entity_id: string | null;
	/** What the entry is about, in words (a person, a location, "Table 5"), when known. */
	entity_name: string | null;
	location_id: string | null;
	location_name: string | null;
	before: unknown;
	after: unknown;
	created_at: string;
}
