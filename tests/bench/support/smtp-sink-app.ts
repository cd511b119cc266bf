// The local SMTP sink of P7 in a process of its own (tests/support/smtp.ts), so neither the mail
// worker nor the baseline client shares its event loop. Answers `count` on IPC with how many
// messages arrived, how many distinct Message-IDs, and which ids came more than once.
//   node --import tsx tests/bench/support/smtp-sink-app.ts   (forked by mail.ts)
import { startSmtpSink } from '../../support/smtp.ts';

const sink = await startSmtpSink();
process.on('message', (message: { cmd: 'count' | 'reset' | 'stop' }) => {
  if (message.cmd === 'reset') {
    sink.messages.length = 0;
    process.send?.({ reset: true });
  } else if (message.cmd === 'count') {
    const seen = new Map<string, number>();
    for (const m of sink.messages) seen.set(m.messageId, (seen.get(m.messageId) ?? 0) + 1);
    const duplicates = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    process.send?.({ count: sink.messages.length, ids: [...seen.keys()], duplicates });
  } else {
    sink.stop().then(() => process.exit(0));
  }
});
process.send?.({ ready: sink.url });
