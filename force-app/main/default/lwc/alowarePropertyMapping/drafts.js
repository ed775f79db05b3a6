/**
 * Unsaved mapping rows per object ({ rows, savedAt }), kept when the panel is removed while it has unsaved
 * changes. A Lightning tab switch cannot be stopped: it fires no beforeunload, and LWC has no equivalent of Aura's
 * lightning:unsavedChanges (which only guards console tabs). The app stays loaded, so this module outlives the
 * panel and the panel offers the rows again when the admin comes back. Reload and close are guarded by
 * beforeunload in the panel.
 */
export const drafts = new Map();
