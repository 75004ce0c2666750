/* The polls page: lists the questions with their choices and votes, votes, adds questions. */
'use strict';

(() => {
  if (!TokenAuth.token()) {
    TokenAuth.toLogin();
    return;
  }

  const list = document.getElementById('questions');
  const flash = document.getElementById('flash');
  const form = document.getElementById('new-question');
  const formError = document.getElementById('new-question-error');
  const choiceInputs = document.getElementById('choice-inputs');
  const MAX_CHOICES = 20;

  if (TokenAuth.username()) {
    document.getElementById('user').textContent = TokenAuth.username();
    document.getElementById('signed-in').hidden = false;
  }

  function el(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'class') {
        element.className = value;
      } else if (name.startsWith('data-')) {
        element.setAttribute(name, value);
      } else {
        element[name] = value;
      }
    }
    element.append(...children);
    return element;
  }

  function published(iso) {
    return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  function showFlash(text, kind = 'error') {
    flash.textContent = text;
    flash.className = `notice ${kind}`;
    flash.hidden = false;
  }

  function renderQuestion(question, votedChoiceId) {
    const total = question.choices.reduce((sum, c) => sum + c.votes, 0);
    const choices = question.choices.map((choice) => {
      const share = total === 0 ? 0 : Math.round((100 * choice.votes) / total);
      const fill = el('span', { class: 'fill' });
      fill.style.width = `${share}%`;
      const button = el('button', { type: 'button', class: 'vote', textContent: 'Vote' });
      button.setAttribute('aria-label', `Vote for ${choice.choice_text}`);
      button.addEventListener('click', () => vote(question.id, choice.id, button));
      return el('li', { class: choice.id === votedChoiceId ? 'choice voted' : 'choice', 'data-choice-id': choice.id },
        fill,
        el('span', { class: 'choice-text', textContent: choice.choice_text }),
        el('span', { class: 'count', textContent: `${choice.votes} vote${choice.votes === 1 ? '' : 's'} · ${share}%` }),
        button);
    });
    return el('article', { class: 'card question', 'data-question-id': question.id },
      el('h2', { textContent: question.question_text }),
      el('p', { class: 'meta', textContent: `Published ${published(question.pub_date)} · ${total} vote${total === 1 ? '' : 's'}` }),
      choices.length ? el('ul', { class: 'choices' }, ...choices) : el('p', { class: 'muted', textContent: 'No choices.' }));
  }

  async function load() {
    try {
      const questions = await TokenAuth.request('polls/api/questions/');
      list.replaceChildren(...(questions.length
        ? questions.map((q) => renderQuestion(q))
        : [el('p', { class: 'muted empty', textContent: 'No questions yet. Add the first one below.' })]));
    } catch (e) {
      if (e.status !== 401) {
        list.replaceChildren(el('p', { class: 'error', textContent: `Could not load the questions: ${e.message}` }));
      }
    }
  }

  async function vote(questionId, choiceId, button) {
    button.disabled = true;
    try {
      const updated = await TokenAuth.request(`polls/api/questions/${questionId}/vote/`, {
        method: 'POST',
        body: { choice: choiceId },
      });
      const card = list.querySelector(`[data-question-id="${questionId}"]`);
      card.replaceWith(renderQuestion(updated, choiceId));
      flash.hidden = true;
    } catch (e) {
      button.disabled = false;
      if (e.status === 404) {
        showFlash('That question was deleted meanwhile.');
        load();
      } else if (e.status !== 401) {
        showFlash(`Your vote was not counted: ${e.message}`);
      }
    }
  }

  function addChoiceInput(value = '') {
    const count = choiceInputs.querySelectorAll('input').length;
    if (count >= MAX_CHOICES) {
      return;
    }
    const input = el('input', { type: 'text', maxLength: 200, value, placeholder: `Choice ${count + 1}` });
    input.setAttribute('aria-label', `Choice ${count + 1}`);
    choiceInputs.append(input);
    input.focus();
  }

  document.getElementById('add-choice').addEventListener('click', () => addChoiceInput());

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError.hidden = true;
    const text = document.getElementById('question-text').value.trim();
    const choices = [...choiceInputs.querySelectorAll('input')]
      .map((input) => input.value.trim())
      .filter((value) => value !== '')
      .map((value) => ({ choice_text: value }));
    const problems = [];
    if (!text) {
      problems.push('Write the question.');
    }
    if (choices.length < 2) {
      problems.push('Give at least two choices.');
    }
    if (problems.length) {
      formError.textContent = problems.join(' ');
      formError.hidden = false;
      return;
    }
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    try {
      await TokenAuth.request('polls/api/questions/', { method: 'POST', body: { question_text: text, choices } });
      form.reset();
      choiceInputs.querySelectorAll('input:nth-of-type(n+3)').forEach((input) => input.remove());
      await load();
      showFlash('Question added.', 'success');
    } catch (e) {
      if (e.status !== 401) {
        formError.textContent = e.message;
        formError.hidden = false;
      }
    } finally {
      submit.disabled = false;
    }
  });

  load();
})();
