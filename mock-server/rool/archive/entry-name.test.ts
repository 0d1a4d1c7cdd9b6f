import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unsafeEntryName } from './entry-name.ts';
import { driveEntry, entryKind } from './layout.ts';

const table: [string, { given: string; want: string | undefined }][] = [
  ['a plain name', { given: 'objects/note/a.json', want: undefined }],
  ['a folder', { given: 'files/docs/', want: undefined }],
  ['percent-encoded drive bytes', { given: 'files/a%3Ab/c%5Cd', want: undefined }],
  ['empty', { given: '', want: 'it is empty' }],
  ['too long', { given: 'a'.repeat(4097), want: 'it is longer than 4096 characters' }],
  ['absolute', { given: '/etc/passwd', want: 'it is absolute' }],
  ['a drive letter', { given: 'C:/x', want: 'it names a drive' }],
  ['a drive letter inside', { given: 'files/d:x', want: 'it names a drive' }],
  ['a backslash', { given: 'files\\..\\x', want: 'it holds a backslash' }],
  ['NUL', { given: 'a\u0000.json', want: 'it holds a control character' }],
  ['a newline', { given: 'a\n.json', want: 'it holds a control character' }],
  ['a C1 control', { given: 'a\u0085.json', want: 'it holds a control character' }],
  ['..', { given: 'objects/../manifest.json', want: 'it has a .. segment' }],
  ['a trailing ..', { given: 'objects/..', want: 'it has a .. segment' }],
  ['.', { given: './manifest.json', want: 'it has a . segment' }],
  ['an empty segment', { given: 'objects//a.json', want: 'it has an empty segment' }],
  ['only a slash', { given: '/', want: 'it is absolute' }],
];

describe('unsafeEntryName', () => {
  for (const [name, { given, want }] of table) {
    it(name, () => assert.equal(unsafeEntryName(given), want));
  }
});

describe('entry names of the layout', () => {
  it('every drive path maps to a safe name of the drive folder', () => {
    for (
      const path of [
        '/rool-drive/C:',
        '/rool-drive/a b/ü/%41',
        '/rool-drive/..a/.b',
        "/rool-drive/!'()*~",
      ]
    ) {
      const name = driveEntry(path);
      assert.equal(unsafeEntryName(name), undefined, name);
      assert.deepEqual(entryKind(name), { kind: 'driveFile' });
      assert.equal(
        `/rool-drive/${name.slice('files/'.length).split('/').map(decodeURIComponent).join('/')}`,
        path,
      );
    }
  });

  it('names outside the layout have no kind', () => {
    for (
      const name of [
        'objects/note/a.txt',
        'objects/a.json',
        'channels/main/channel.json.bak',
        'channels/main/conversations/a/b.json',
        'Manifest.json',
      ]
    ) {
      assert.equal(entryKind(name), undefined, name);
    }
  });
});
