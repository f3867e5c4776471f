import type { Store } from '@clearledger/core';
import type { StoreModuleContext } from './StoreModuleContext.ts';

/** The part of the `Store` port {@link settingStore} implements. */
export type SettingStore = Pick<Store, 'getSetting' | 'putSetting'>;

/** Node-wide key/value settings (table `settings`). */
export function settingStore({ db }: StoreModuleContext): SettingStore {
  return {
    async getSetting(key) {
      const rows = await db.query<{ value: string }>('SELECT value FROM settings WHERE name = ?', [key]);
      return rows[0]?.value ?? null;
    },

    async putSetting(key, value) {
      await db.run(
        'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
        [key, value],
      );
    },
  };
}
