/**
 * Seeded account data: agents (Users API), the account's line and its call-disposition labels.
 * `agent_status` codes are documented (see companion/sandbox/aloware/README.md).
 */
const AGENT_STATUS_NAMES = ['Offline', 'Available', 'Busy', 'On Break', 'On Call', 'Wrap-up', 'Ringing'];

export interface AlowareUser {
  id: number;
  name: string;
  email: string;
  agent_status: number;
  human_readable_agent_status: string;
}

export interface AlowareLine {
  id: number;
  name: string;
  phone_number: string;
  ring_group_id: number;
}

const SEED_USERS: [number, string, string, number][] = [
  [101, 'Alice Agent', 'alice.agent@sandbox.example', 1],
  [102, 'Bob Agent', 'bob.agent@sandbox.example', 0],
  [103, 'Carol Agent', 'carol.agent@sandbox.example', 3],
  [104, 'Dan Admin', 'dan.admin@sandbox.example', 1],
];

export const SANDBOX_LINE: AlowareLine = {
  id: 5001,
  name: 'Sandbox Sales Line',
  phone_number: '+12025550100',
  ring_group_id: 7001,
};

const SEED_DISPOSITIONS = ['Interested', 'Not Interested', 'No Answer', 'Left Voicemail', 'Wrong Number'];

export function makeUser(id: number, name: string, email: string, agentStatus = 0): AlowareUser {
  const status = AGENT_STATUS_NAMES[agentStatus] === undefined ? 0 : agentStatus;
  return { id, name, email, agent_status: status, human_readable_agent_status: AGENT_STATUS_NAMES[status]! };
}

export class Directory {
  readonly users = new Map<number, AlowareUser>();
  readonly lines = [SANDBOX_LINE];
  private readonly dispositions = new Map<string, number>();

  constructor() {
    this.reset();
  }

  reset(): void {
    this.users.clear();
    for (const [id, name, email, status] of SEED_USERS) this.users.set(id, makeUser(id, name, email, status));
    this.dispositions.clear();
    SEED_DISPOSITIONS.forEach((label, i) => this.dispositions.set(label, 801 + i));
  }

  defaultAgentId(): number {
    return [...this.users.keys()][0] ?? 101;
  }

  /** The account's own disposition label → its id; an unknown label is added, as an admin would. */
  dispositionId(label: string): number {
    const existing = this.dispositions.get(label);
    if (existing !== undefined) return existing;
    const id = 801 + this.dispositions.size;
    this.dispositions.set(label, id);
    return id;
  }

  lineFor(from: unknown, lineId: unknown): AlowareLine | undefined {
    return this.lines.find(
      (l) => (lineId !== undefined && Number(lineId) === l.id) || l.phone_number === from,
    );
  }
}
