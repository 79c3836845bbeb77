// Local fakes of the platform APIs (the only fakes in the test suite). Each records its requests.
export { startFakeZalo, type FakeZalo } from './zalo';
export { startFakeMessenger, type FakeMessenger } from './messenger';
export { startFakeTelegram, type FakeTelegram } from './telegram';
export { startFakeServer, type FakeServer, type RecordedRequest } from './server';
export { signZalo, signMessenger } from './sign';
