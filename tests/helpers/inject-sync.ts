// Push and pull through the in-process app as a signed-in device, for admin tests that need real
// records made the way tablets make them.
import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import type { Mutation, PushResponse } from '../../schemas/sync/push';
import type { PullResponse } from '../../schemas/sync/pull';
import { bearer } from './accounts';
import type { SignedIn } from './accounts';

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };

export class InjectDevice {
  private nextId = 1;
  cursor: string | null = null;
  constructor(
    private readonly app: FastifyInstance,
    readonly session: SignedIn,
  ) {}

  async push(...mutations: Omit<Mutation, 'id' | 'at'>[]): Promise<PushResponse> {
    const res = await this.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: bearer(this.session.token),
      payload: {
        ...versions,
        deviceId: this.session.deviceId,
        sentAt: new Date().toISOString(),
        mutations: mutations.map((m) => ({
          ...m,
          id: this.nextId++,
          at: new Date().toISOString(),
        })),
      },
    });
    if (res.statusCode !== 200) throw new Error(`push ${res.statusCode}: ${res.body}`);
    return res.json<PushResponse>();
  }

  /** Pulls every page after the cursor; returns the records delivered. */
  async pull(): Promise<PullResponse['records']> {
    const out: PullResponse['records'] = [];
    for (;;) {
      const res = await this.app.inject({
        method: 'POST',
        url: '/api/sync/pull',
        headers: bearer(this.session.token),
        payload: { ...versions, deviceId: this.session.deviceId, cursor: this.cursor },
      });
      if (res.statusCode !== 200) throw new Error(`pull ${res.statusCode}: ${res.body}`);
      const page = res.json<PullResponse>();
      out.push(...page.records);
      this.cursor = page.cursor;
      if (!page.hasMore) return out;
    }
  }
}

export const FRONTLINE = {
  kind: 'frontline-practice',
  templateId: 'frontline-practice',
  templateVersion: 1,
} as const;
