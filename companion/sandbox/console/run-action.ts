/** Runs one console action and turns failures into a message for the status line. */
import { ACTIONS, ActionError } from './actions.js';
import { UpstreamError, type SandboxClients } from './clients.js';

export const ACTION_NAMES = Object.keys(ACTIONS);

export async function runAction(
  clients: SandboxClients,
  name: string,
  body: Record<string, string>,
  orgId: string,
): Promise<{ ok: boolean; message: string }> {
  const action = ACTIONS[name];
  if (!action) return { ok: false, message: `unknown action ${name}` };
  try {
    return { ok: true, message: await action(clients, body, orgId) };
  } catch (err) {
    if (err instanceof ActionError || err instanceof UpstreamError)
      return { ok: false, message: err.message };
    return { ok: false, message: `failed: ${(err as Error).message}` };
  }
}
