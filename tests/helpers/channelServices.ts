import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultChannelSenders } from '../../src/channels/senders';
import type { ChannelEnvironment } from '../../src/channels/types';
import { MediaStore } from '../../src/media/mediaStore';
import { ChannelSecrets } from '../../src/channels/channelSecrets';
import { Keyring } from '../../src/crypto/keyring';
import { ChatWorkflowIds } from '../../src/chats/workflowIds';

/** Telegram and Graph API addresses where nothing listens: a test that reaches them fails loudly. */
export const UNREACHABLE_CHANNEL_SERVICES: ChannelEnvironment = {
  telegramApiRoot: 'http://127.0.0.1:9',
  whatsappApiUrl: 'http://127.0.0.1:9/v21.0',
  // Callback receivers in tests listen on loopback, as in development.
  allowPrivateCallbacks: true,
};

/** The real senders, with Telegram and WhatsApp pointed nowhere and files in a fresh folder. */
export function testChannelSenders(env: ChannelEnvironment = UNREACHABLE_CHANNEL_SERVICES) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-media-'));
  return defaultChannelSenders(env, MediaStore.inDataDir(dir));
}

/** Channel credentials sealed under a fixed test key (rows tests write in clear read as they are). */
export const TEST_KEYRING = new Keyring([{ id: 'test', key: Buffer.alloc(32, 7) }]);
export const TEST_SECRETS = new ChannelSecrets(TEST_KEYRING);

/** Chats' workflow ids as a deployment with TEST_KEYRING makes them. */
export const TEST_WORKFLOW_IDS = new ChatWorkflowIds(TEST_KEYRING);

/** A bot token in Telegram's shape (the stand-ins accept any). */
export const FAKE_BOT_TOKEN = '123456:AAFakeTokenFakeTokenFakeTokenFake';
