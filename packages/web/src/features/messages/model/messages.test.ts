import { describe, expect, it } from 'vitest';
import { insertMention, mentionQuery, mentionsAsNames, splitMentions } from './messages';

describe('mentions in team messages', () => {
  it('splits a message into text and the people it mentions', () => {
    expect(splitMentions('Can @Practitioner/demo-social-worker call @Patient/p1 today?')).toEqual([
      { text: 'Can ' },
      { mention: 'Practitioner/demo-social-worker' },
      { text: ' call ' },
      { mention: 'Patient/p1' },
      { text: ' today?' },
    ]);
    expect(splitMentions('no mentions')).toEqual([{ text: 'no mentions' }]);
  });

  it('notices an @word being typed and replaces it with the chosen person in the API format', () => {
    expect(mentionQuery('Please ask @gra', 15)).toBe('gra');
    expect(mentionQuery('email a@b', 9)).toBeNull();
    expect(insertMention('Please ask @gra', 15, 'Practitioner/sw')).toEqual({
      text: 'Please ask @Practitioner/sw ',
      caret: 28,
    });
    expect(insertMention('Hi', 2, 'Practitioner/sw')).toEqual({
      text: 'Hi @Practitioner/sw ',
      caret: 20,
    });
    expect(insertMention('', 0, 'Practitioner/sw').text).toBe('@Practitioner/sw ');
  });
});

describe('mentions in one-line text', () => {
  it("writes each mention as the person's name", () => {
    expect(
      mentionsAsNames('Nadia Haddad mentioned you: @Practitioner/sw can you call?', (r) =>
        r === 'Practitioner/sw' ? 'Grace Mensah' : r,
      ),
    ).toBe('Nadia Haddad mentioned you: @Grace Mensah can you call?');
  });
});
