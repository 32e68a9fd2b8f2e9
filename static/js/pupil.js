// The pupil's conversation on the tablet: read-aloud, and answers that survive a dropped Wi-Fi.
// Without this script every answer is an ordinary form post, so the conversation still works.
(() => {
  "use strict";
  const QUEUE = "convo-pending-answers";
  const stepBox = document.getElementById("step");
  const offlineNote = document.getElementById("offline");
  if (!stepBox) return;
  const synth = "speechSynthesis" in window ? window.speechSynthesis : null;

  // ---- Read-aloud, with a British English voice when the tablet has one.
  function voiceFor(lang) {
    if (!synth) return null;
    const voices = synth.getVoices();
    const wanted = lang.toLowerCase();
    return voices.find((v) => v.lang.toLowerCase() === wanted)
      || voices.find((v) => v.lang.toLowerCase().startsWith(wanted.split("-")[0]))
      || null;
  }

  // A Welsh page read by an English voice is worse than silence: with no Welsh (cy) voice on the
  // tablet, Welsh lines are shown and not read. (While the voice list is still loading, try anyway.)
  function canSay(lang) {
    if (!synth) return false;
    if (lang.toLowerCase().startsWith("en")) return true;
    return synth.getVoices().length === 0 || voiceFor(lang) !== null;
  }

  function say(text, lang) {
    if (!synth || !text) return;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang === "cy" ? "cy-GB" : "en-GB";
    const voice = voiceFor(utterance.lang);
    if (voice) utterance.voice = voice;
    else if (!canSay(utterance.lang)) return;
    utterance.rate = 0.9;
    synth.speak(utterance);
  }

  function readStep() {
    const step = stepBox.querySelector(".step");
    if (!step) return;
    const lang = step.dataset.lang || "en-GB";
    step.querySelectorAll("[data-replay]").forEach((button) => {
      if (!synth) return;
      button.hidden = false;
      button.addEventListener("click", () => {
        synth.cancel();
        say(button.closest("[data-say]").dataset.say, lang);
      });
    });
    if (synth && step.dataset.autoplay === "true") {
      synth.cancel();
      step.querySelectorAll(".line[data-say]").forEach((line) => say(line.dataset.say, lang));
    }
  }

  // ---- Answers: kept on the tablet until the server has them, then sent once.
  function pending() {
    try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; }
  }
  function keep(list) { localStorage.setItem(QUEUE, JSON.stringify(list)); }
  function showOffline(on) { if (offlineNote) offlineNote.hidden = !on; }

  async function send(entry) {
    const response = await fetch(entry.url, {
      method: "POST", credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(entry.fields).toString(),
    });
    if (response.status === 401) { keep([]); window.location.assign("/tablet/"); return false; }
    // 422 means the answer did not fit (nothing chosen): nothing to resend.
    if (!response.ok && response.status !== 422) throw new Error("server said " + response.status);
    return true;
  }

  let flushing = null;
  function flush() {
    // One flush at a time, so an answer is never sent twice by two timers at once.
    if (!flushing) {
      flushing = (async () => {
        const list = pending();
        while (list.length) {
          try {
            if (!(await send(list[0]))) return false;
          } catch (error) {
            showOffline(true);
            return false;
          }
          list.shift();
          keep(list);
        }
        showOffline(false);
        return true;
      })().finally(() => { flushing = null; });
    }
    return flushing;
  }

  async function showNext(reload) {
    if (reload) { window.location.reload(); return; }
    try {
      const response = await fetch(stepBox.dataset.fragmentUrl, {
        credentials: "same-origin", headers: { "X-Convo-Fragment": "1" } });
      if (!response.ok || response.redirected) { window.location.reload(); return; }
      stepBox.innerHTML = await response.text();
      if (stepBox.querySelector(".end")) { window.location.reload(); return; }
      readStep();
      const first = stepBox.querySelector("input[name=text], button");
      if (first && first.name === "text") first.focus();
    } catch (error) {
      showOffline(true);
    }
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    const isStop = form.matches("[data-stop]");
    if (!form.matches("[data-answer]") && !isStop) return;
    event.preventDefault();
    const fields = [...new FormData(form).entries()];
    const button = event.submitter;
    if (button && button.name) fields.push([button.name, button.value]);
    const text = form.querySelector("input[name=text]");
    if (button && button.name === "send" && text && !text.value.trim()) { text.focus(); return; }
    if (button) button.classList.add("chosen");
    form.querySelectorAll("button, input").forEach((el) => { el.disabled = true; });
    if (synth) synth.cancel();
    const list = pending();
    list.push({ url: form.action, fields });
    keep(list);
    flush().then((sent) => { if (sent) showNext(isStop); });
  });

  window.addEventListener("online", () => flush().then((sent) => { if (sent) showNext(false); }));
  setInterval(() => {
    if (pending().length) flush().then((sent) => { if (sent) showNext(false); });
  }, 5000);

  if (synth && synth.getVoices().length === 0) synth.addEventListener("voiceschanged", () => {}, { once: true });
  if (pending().length) {
    showOffline(!navigator.onLine);
    flush().then((sent) => { if (sent) showNext(false); });
  } else {
    readStep();
  }
})();
