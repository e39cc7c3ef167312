import type { Client } from '@temporalio/client';
import type { TokenService } from '../auth/tokens';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { ChatSettings } from '../../workflows/types';

/** What the API needs; built once at boot and shared by every request. */
export interface ApiDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  tokens: TokenService;
  chatSettings: ChatSettings;
  logger: Logger;
}
