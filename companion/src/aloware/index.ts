export * from './client.js';
export {
  createRedisRateLimiter,
  sleep,
  type RateLimiter,
  type RedisRateLimiterOptions,
} from './rate-limiter.js';
