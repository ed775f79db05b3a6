export * from './client.js';
export { HttpAlowareClient } from './http-client.js';
export {
  createRedisRateLimiter,
  sleep,
  type RateLimiter,
  type RedisRateLimiterOptions,
} from './rate-limiter.js';
