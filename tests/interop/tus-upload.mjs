// An independent tus client uploads a file to the relay: tus-js-client from npm, in parallel
// chunks (partial uploads joined by a final one, the concatenation extension). Prints the final
// upload's URL. Environment: ENDPOINT, TOKEN, FILE, MEDIA_ID; exits 1 with the reason on failure.
import { readFileSync } from "node:fs";
import * as tus from "tus-js-client";

const { ENDPOINT, TOKEN, FILE, MEDIA_ID } = process.env;
const data = readFileSync(FILE);
const upload = new tus.Upload(data, {
  endpoint: ENDPOINT,
  headers: { Authorization: `Bearer ${TOKEN}` },
  metadata: { media_id: MEDIA_ID, filename: "clip.bin" },
  chunkSize: 256 * 1024,
  parallelUploads: 4,
  retryDelays: [],
  onError(error) {
    console.error(`tus-js-client: ${error.message}`);
    process.exit(1);
  },
  onSuccess() {
    console.log(upload.url);
  },
});
upload.start();
