// JD Generator from Node with @gradio/client: stream the responsibilities, fetch the finished ad,
// and show the clear error a bad job gets.
//
//   cd docs/js-client && npm ci && node stream_and_fetch.mjs http://127.0.0.1:7860/
//
// The app's URL is the first argument, else $JD_URL, else http://127.0.0.1:7860/.
// A plain http(s) URL is used as is: the client asks huggingface.co only for "owner/space-name".
import { Client } from "@gradio/client";

const url = process.argv[2] || process.env.JD_URL || "http://127.0.0.1:7860/";

// The same job object as the Python example and the command line (only "title" is required).
const job = {
  title: "Line Cook",
  skills: ["Food safety", "Grill"],
  location: "Portland, OR, USA",
  salary_min: 20,
  salary_max: 24,
  currency: "USD",
  salary_period: "hour",
};

// The app sends its messages as HTML for the page (escaped text, "<br>" between lines): make them plain text.
function plain(message) {
  return String(message)
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

// An error status from submit(), or an Error from predict(), as the app's own message.
class AppError extends Error {}

async function streamResponsibilities(client, job) {
  // "log" events carry the app's warnings (fewer than 6 duties, language, fallback to the embedded model).
  const submission = client.submit("/responsibilities", { job });
  let last = null;
  let count = 0;
  for await (const msg of submission) {
    if (msg.type === "data") {
      last = msg.data[0];
      count += 1;
      console.log(`partial ${count}: ${JSON.stringify(last)}`); // the growing text, one JSON string per line
    } else if (msg.type === "log") {
      console.log(`${msg.level}: ${plain(msg.log)}`);
    } else if (msg.type === "status" && msg.stage === "error") {
      throw new AppError(plain(msg.message ?? "the app reported an error"));
    }
  }
  if (last === null) throw new AppError("/responsibilities returned nothing");
  return last; // the final value: the cleaned list, one "- " bullet per line
}

async function jobDescription(client, job, responsibilities, fmt = "markdown", summary = "") {
  try {
    const result = await client.predict("/job_description", { job, responsibilities, fmt, summary });
    return result.data[0];
  } catch (error) {
    // predict() rejects with an Error carrying the status fields: stage "error" is the app's refusal.
    if (error?.stage === "error" && !error.broken) throw new AppError(plain(error.message));
    throw error;
  }
}

async function main() {
  let client;
  try {
    client = await Client.connect(url, { events: ["data", "status", "log"] });
  } catch (error) {
    const cause = error.cause?.code ?? error.cause?.message;
    throw new Error(`could not connect to ${url}: ${error.message}${cause ? ` (${cause})` : ""}; is the app running?`);
  }
  // The app keeps a session heartbeat stream open (it has per-visitor state). In @gradio/client 2.7.0,
  // client.close() does not end that stream, and Node would wait on it forever: keep its abort
  // controller (the client's current one right after connect) and abort it when done.
  const heartbeat = client.abort_controller;
  try {
    console.log(`Streaming /responsibilities for "${job.title}" from ${url}`);
    const duties = await streamResponsibilities(client, job);
    console.log("\n== Responsibilities ==");
    console.log(duties);

    const markdown = await jobDescription(client, job, duties, "markdown");
    console.log("\n== Job description (Markdown) ==");
    console.log(markdown);

    console.log("\n== A bad job gets a clear error ==");
    const badJob = { title: "", salary_min: 50, salary_max: 10 };
    try {
      await jobDescription(client, badJob, duties, "markdown");
      console.error("unexpected: the app accepted a job without a title");
      process.exitCode = 1;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      console.log(`The app refused it:\n${error.message}`);
    }
  } finally {
    client.close();
    heartbeat?.abort();
  }
}

main().catch((error) => {
  console.error(`error: ${error?.message ?? error}`);
  process.exit(1);
});
