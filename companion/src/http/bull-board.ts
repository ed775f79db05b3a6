import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Router } from 'express';
import type { Queues } from '../queue/queues.js';
import type { RouteAuth } from './route.js';

const BULL_BOARD_PATH = '/admin/queues';

/**
 * The bull-board dashboard over every queue, behind the operator token. It is opened in a browser, so a 401
 * challenges with Basic (any user name, the token as password); Bearer works too.
 */
export function bullBoardMount(queues: Queues): { path: string; auth: RouteAuth; router: Router } {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({ queues: Object.values(queues).map((q) => new BullMQAdapter(q)), serverAdapter: adapter });
  return { path: BULL_BOARD_PATH, auth: 'operator-browser', router: adapter.getRouter() as Router };
}
