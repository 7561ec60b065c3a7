// The device store on a bare page, for real-Chromium tests: the app's bundle does not expose it,
// so this entry is bundled on its own and serves the store's public API as `window.obsDb`.
import * as obsDb from '../../src/db/index';

export type ObsDbApi = typeof obsDb;

Object.assign(window, { obsDb });
