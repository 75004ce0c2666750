package org.tokenauth.example.polls;

import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tokenauth.example.web.DrfTime;

/**
 * The polls: questions, their choices, and votes, each operation one transaction. Returns
 * {@link QuestionView}s, read inside the transaction, so no entity escapes half-loaded.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class Polls {

    private final EntityManagerFactory emf;
    private final Clock clock;

    /**
     * @param emf   the persistence unit that manages {@link Question} and {@link Choice}
     * @param clock gives new questions their default publication time
     */
    public Polls(EntityManagerFactory emf, Clock clock) {
        this.emf = Objects.requireNonNull(emf, "emf");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return every question with its choices, newest first */
    public List<QuestionView> list() {
        return emf.callInTransaction(em -> em.createQuery(
                        "select distinct q from Question q left join fetch q.choices order by q.pubDate desc, q.id desc",
                        Question.class)
                .getResultList().stream().map(QuestionView::of).toList());
    }

    /**
     * @param id a question id
     * @return the question, or empty if there is none with that id
     */
    public Optional<QuestionView> find(long id) {
        return emf.callInTransaction(em -> Optional.ofNullable(em.find(Question.class, id)).map(QuestionView::of));
    }

    /** @return how many questions there are */
    public long count() {
        return emf.callInTransaction(em -> em.createQuery("select count(q) from Question q", Long.class).getSingleResult());
    }

    /**
     * Creates a question with its choices, none of them voted for yet.
     *
     * @param questionText the question
     * @param pubDate      when it is published; empty for now
     * @param choices      the choices' texts, in order
     * @return the new question
     */
    public QuestionView create(String questionText, Optional<Instant> pubDate, List<String> choices) {
        Instant published = DrfTime.stored(pubDate.orElseGet(clock::instant));
        return emf.callInTransaction(em -> {
            Question question = new Question(questionText, published);
            choices.forEach(question::addChoice);
            em.persist(question);
            em.flush();
            return QuestionView.of(question);
        });
    }

    /**
     * Changes a question's text and publication time; its choices and votes stay as they are.
     *
     * @param id           the question id
     * @param questionText the new text, or empty to keep it
     * @param pubDate      the new publication time, or empty to keep it
     * @return the changed question, or empty if there is none with that id
     */
    public Optional<QuestionView> update(long id, Optional<String> questionText, Optional<Instant> pubDate) {
        return emf.callInTransaction(em -> {
            Question question = em.find(Question.class, id);
            if (question == null) {
                return Optional.empty();
            }
            questionText.ifPresent(question::setQuestionText);
            pubDate.map(DrfTime::stored).ifPresent(question::setPubDate);
            em.flush();
            return Optional.of(QuestionView.of(question));
        });
    }

    /**
     * Deletes a question and its choices.
     *
     * @param id the question id
     * @return whether there was such a question
     */
    public boolean delete(long id) {
        return emf.callInTransaction(em -> {
            Question question = em.find(Question.class, id);
            if (question == null) {
                return false;
            }
            em.remove(question);
            return true;
        });
    }

    /**
     * Counts one vote for a choice of a question, atomically: one {@code UPDATE … SET votes = votes + 1},
     * so votes cast at the same moment are all counted.
     *
     * @param questionId the question
     * @param choiceId   one of its choices
     * @return the question with its new counts, or why the vote could not be counted
     */
    public Vote vote(long questionId, long choiceId) {
        return emf.callInTransaction(em -> {
            int counted = em.createQuery("update Choice c set c.votes = c.votes + 1"
                            + " where c.id = :choice and c.question.id = :question")
                    .setParameter("choice", choiceId)
                    .setParameter("question", questionId)
                    .executeUpdate();
            // Loaded after the UPDATE, into a context that held nothing before: the new counts.
            Question question = em.find(Question.class, questionId);
            if (question == null) {
                return new Vote.NoSuchQuestion();
            }
            if (counted == 0) {
                return new Vote.NoSuchChoice();
            }
            return new Vote.Counted(QuestionView.of(question));
        });
    }

    /**
     * What became of a vote.
     *
     * @since 0.1
     */
    public sealed interface Vote {

        /**
         * The vote was counted.
         *
         * @param question the question with its new counts
         */
        record Counted(QuestionView question) implements Vote {
        }

        /** There is no question with that id. */
        record NoSuchQuestion() implements Vote {
        }

        /** The question has no choice with that id. */
        record NoSuchChoice() implements Vote {
        }
    }
}
