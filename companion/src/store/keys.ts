/** Every store key lives under one prefix, so tests (and several deployments on one Redis) never collide. */
export class Keys {
  constructor(public readonly prefix: string) {}

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }
}
