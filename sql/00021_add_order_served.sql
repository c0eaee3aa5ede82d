-- Handing a ready order off clears it from the kitchen board. Display state with its own
-- timestamp, not a fourth prep state (DESIGN.md, "Clearing the kitchen board"): the contract's
-- prep states stay queued → preparing → ready. Null: not handed off (or recalled since).
alter table orders add column served_at timestamptz;
