import { describe, expect, it } from 'vitest';
import { normaliseMailbox } from './mailbox.ts';

describe('normaliseMailbox', () => {
  it('drops the +tag and lowers the case', () => {
    expect(normaliseMailbox('Jane.Doe+dsr1@Example.org')).toBe('jane.doe@example.org');
    expect(normaliseMailbox('jane.doe+a+b@example.org')).toBe('jane.doe@example.org');
  });

  it('keeps dots except at Gmail, where they are ignored and googlemail.com is the same service', () => {
    expect(normaliseMailbox('j.doe@example.org')).not.toBe(normaliseMailbox('jdoe@example.org'));
    expect(normaliseMailbox('J.Doe+x@googlemail.com')).toBe('jdoe@gmail.com');
    expect(normaliseMailbox('jdoe@gmail.com')).toBe('jdoe@gmail.com');
  });

  it('leaves a local part that starts with + as it is (nothing before the tag)', () => {
    expect(normaliseMailbox('+tag@example.org')).toBe('+tag@example.org');
  });
});
