package org.tokenauth.core.cache;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several instances' buses in one JVM, for testing {@link Invalidations} alone: what one end
 * publishes reaches every end's listener, each on a thread of its own, as a real bus delivers. Ends
 * can be made to refuse publishing, and a test can put anything on the "channel".
 */
final class LoopbackBus {

    private final List<End> ends = new CopyOnWriteArrayList<>();
    final List<String> sent = new CopyOnWriteArrayList<>();

    End newEnd() {
        End end = new End();
        ends.add(end);
        return end;
    }

    /** What a foreign application (or a broken one) would put on the channel. */
    void inject(String message) {
        ends.forEach(end -> end.deliver(message));
    }

    final class End implements InvalidationBus {

        private final ExecutorService delivery = Executors.newSingleThreadExecutor();
        private volatile Listener listener;
        /** Publishes refused before the next one succeeds; negative: refuse all. */
        final AtomicInteger refusals = new AtomicInteger();

        @Override
        public void publish(String message) {
            if (refusals.get() < 0 || refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("the loopback bus refuses");
            }
            sent.add(message);
            ends.forEach(end -> end.deliver(message));
        }

        @Override
        public void subscribe(Listener listener) {
            this.listener = listener;
        }

        void deliver(String message) {
            Listener to = listener;
            if (to != null) {
                delivery.execute(() -> to.message(message));
            }
        }

        void gap() {
            delivery.execute(() -> listener.gap());
        }

        @Override
        public void close() {
            delivery.shutdown();
        }
    }
}
