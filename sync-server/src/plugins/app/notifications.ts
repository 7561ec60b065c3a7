import fp from 'fastify-plugin';
import { openChannels } from '../../notifications/channels';
import type { NotifierConfig } from '../../notifications/channels';
import type { NotifyChannels } from '../../notifications/outbox';
import { NotificationWorker } from '../../notifications/worker';

declare module 'fastify' {
  interface FastifyInstance {
    /** Which channels new safety concerns are notified on, and a nudge for the worker. */
    notifications: { channels: NotifyChannels; wake(): void };
  }
}

export type NotificationsOptions = { config?: NotifierConfig };

/**
 * The outbox worker of this process: started when the app is ready, stopped (after its
 * delivery in flight) when it closes. Without a configured channel there is nothing to deliver.
 */
export const notificationsPlugin = fp<NotificationsOptions>(
  async (app, opts) => {
    const config = opts.config;
    const channels = config ? openChannels(config) : undefined;
    const enabled: NotifyChannels = { email: !!channels?.email, webhook: !!channels?.webhook };
    const worker =
      config && channels && (enabled.email || enabled.webhook)
        ? new NotificationWorker(app.storage.db, config, channels, app.log)
        : undefined;
    app.decorate('notifications', { channels: enabled, wake: () => worker?.wake() });
    app.addHook('onReady', async () => worker?.start());
    app.addHook('onClose', async () => worker?.stop());
  },
  { name: 'notifications', dependencies: ['storage'] },
);
