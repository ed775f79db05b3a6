import { createServer, type RequestListener, type Server } from 'node:http';
import { StartupError } from '../config/index.js';

/** Listens on `port`; a port that is taken or not allowed rejects with a StartupError naming the fix. */
export async function listen(app: RequestListener, port: number): Promise<Server> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE')
        reject(new StartupError(`Port ${port} is already in use. Fix: stop the other process or set PORT.`));
      else if (err.code === 'EACCES')
        reject(new StartupError(`Port ${port} needs privileges. Fix: set PORT to 1024 or above.`));
      else reject(err);
    });
    server.listen(port, () => resolve());
  });
  return server;
}

/**
 * Stops accepting connections and lets in-flight requests finish; idle keep-alive connections are closed as
 * they become idle, and whatever is still open after `graceMs` is cut.
 */
export async function drain(server: Server, graceMs: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  server.closeIdleConnections();
  await closed;
  clearInterval(idle);
  clearTimeout(cut);
}
