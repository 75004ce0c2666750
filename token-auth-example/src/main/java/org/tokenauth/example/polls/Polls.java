package org.tokenauth.example.polls;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tokenauth.example.web.DrfTime;

/**
 * The polls: questions, their choices, and votes, each operation one transaction. A question
 * created through the API belongs to the user who asked it; each user has at most one vote per
 * question (a second one moves it). Returns
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
     * Creates a question nobody owns (only staff may change it), with its choices, none of them voted for yet.
     *
     * @param questionText the question
     * @param pubDate      when it is published; empty for now
     * @param choices      the choices' texts, in order
     * @return the new question
     */
    public QuestionView create(String questionText, Optional<Instant> pubDate, List<String> choices) {
        return create(questionText, pubDate, choices, Optional.empty());
    }

    /**
     * Creates a question with its choices, none of them voted for yet.
     *
     * @param questionText the question
     * @param pubDate      when it is published; empty for now
     * @param choices      the choices' texts, in order
     * @param ownerId      the id of the user asking it, who may change or delete it later
     * @return the new question
     */
    public QuestionView create(String questionText, Optional<Instant> pubDate, List<String> choices,
            Optional<String> ownerId) {
        Instant published = DrfTime.stored(pubDate.orElseGet(clock::instant));
        Long owner = ownerId.map(Long::valueOf).orElse(null);
        return emf.callInTransaction(em -> {
            Question question = new Question(questionText, published, owner);
            choices.forEach(question::addChoice);
            em.persist(question);
            em.flush();
            return QuestionView.of(question);
        });
    }

    /**
     * @param id     a question id
     * @param userId a user id as decimal text
     * @return whether that question exists and belongs to that user
     */
    public boolean isOwner(long id, String userId) {
        Long owner = emf.callInTransaction(em -> em.createQuery("select q.ownerId from Question q where q.id = :id", Long.class)
                .setParameter("id", id).getResultStream().findFirst().orElse(null));
        return owner != null && owner.toString().equals(userId);
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
            em.createQuery("delete from Ballot b where b.questionId = :question").setParameter("question", id).executeUpdate();
            em.remove(question);
            return true;
        });
    }

    /**
     * Records a user's vote: their first on this question is counted, a later one for another
     * choice moves it there, the same one again changes nothing. The counts change by single
     * {@code UPDATE … SET votes = votes ± 1} statements, in choice id order (so two users moving
     * votes in opposite directions cannot deadlock), and the user's one row in {@code polls_vote}
     * is locked while it moves, so votes cast at the same moment are all counted, once per user.
     *
     * @param questionId the question
     * @param choiceId   one of its choices
     * @param userId     the voter's id, as decimal text
     * @return the question with its new counts, or why the vote could not be counted
     */
    public Vote vote(long questionId, long choiceId, String userId) {
        long voter = Long.parseLong(userId);
        for (int attempt = 1; ; attempt++) {
            try {
                return emf.callInTransaction(em -> castVote(em, questionId, choiceId, voter));
            } catch (PersistenceException e) {
                // The same user's first vote, cast twice at once: the unique (question, user) pair
                // refused the second row. Once more, it finds the first and moves it.
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static Vote castVote(EntityManager em, long questionId, long choiceId, long voter) {
        if (em.find(Question.class, questionId) == null) {
            return new Vote.NoSuchQuestion();
        }
        long valid = em.createQuery("select count(c) from Choice c where c.id = :choice and c.question.id = :question", Long.class)
                .setParameter("choice", choiceId).setParameter("question", questionId).getSingleResult();
        if (valid == 0) {
            return new Vote.NoSuchChoice();
        }
        Ballot ballot = em.createQuery("select b from Ballot b where b.questionId = :question and b.userId = :user", Ballot.class)
                .setParameter("question", questionId).setParameter("user", voter)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst().orElse(null);
        if (ballot == null) {
            em.persist(new Ballot(questionId, voter, choiceId));
            em.flush();
            addVotes(em, choiceId, 1);
        } else if (ballot.choiceId() != choiceId) {
            long from = ballot.choiceId();
            ballot.moveTo(choiceId);
            em.flush();
            if (from < choiceId) {
                addVotes(em, from, -1);
                addVotes(em, choiceId, 1);
            } else {
                addVotes(em, choiceId, 1);
                addVotes(em, from, -1);
            }
        }
        em.clear(); // read the counts as they are now, not as first loaded
        return new Vote.Counted(QuestionView.of(em.find(Question.class, questionId)));
    }

    private static void addVotes(EntityManager em, long choiceId, int votes) {
        em.createQuery("update Choice c set c.votes = c.votes + :votes where c.id = :choice")
                .setParameter("votes", votes).setParameter("choice", choiceId).executeUpdate();
    }

    /**
     * Adds votes cast by nobody to a choice: the demo questions' starting counts.
     *
     * @param choiceId the choice
     * @param votes    how many votes to add
     */
    public void seedVotes(long choiceId, int votes) {
        emf.runInTransaction(em -> addVotes(em, choiceId, votes));
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
