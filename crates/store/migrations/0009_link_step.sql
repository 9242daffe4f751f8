-- An outside approver's link names the step it was made for; its decision counts only for that step. Links made
-- before this (no step) can still be opened and commented on, but decide nothing.
ALTER TABLE approval_links ADD COLUMN step_position {int};
