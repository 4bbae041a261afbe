package dev.kvmrunner.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.testing.Await;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AdjustableLimitTest {
    @Test
    void aHolderGivesUpItsHoldOnlyWhenTheLimitWasCutBelowTheHolders() {
        AdjustableLimit limit = new AdjustableLimit(2);
        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.releaseIfOver()).isFalse();
        assertThat(limit.used()).isEqualTo(2);
        limit.setLimit(1);
        assertThat(limit.releaseIfOver()).isTrue();
        assertThat(limit.releaseIfOver())
                .as("one holder left, within the limit")
                .isFalse();
        assertThat(limit.used()).isEqualTo(1);
    }

    @Test
    void withheldPlacesLowerWhatMayBeHeldButNeverBelowOneAndComeBack() {
        AdjustableLimit limit = new AdjustableLimit(4);
        assertThat(limit.tryAcquire()).isTrue();
        limit.withhold(2);
        limit.withhold(1);
        assertThat(limit.effective()).isEqualTo(1);
        assertThat(limit.limit()).as("the controller's limit is unchanged").isEqualTo(4);
        assertThat(limit.tryAcquire()).isFalse();
        limit.withhold(5);
        assertThat(limit.effective()).isEqualTo(1);
        limit.restore(5);
        limit.restore(1);
        assertThat(limit.effective()).isEqualTo(2);
        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.tryAcquire()).isFalse();
        limit.restore(2);
        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.used()).isEqualTo(3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> limit.restore(1))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void raisingTheLimitLetsAWaiterIn() throws Exception {
        AdjustableLimit limit = new AdjustableLimit(1);
        limit.acquire();
        assertThat(limit.tryAcquire()).isFalse();
        AtomicBoolean in = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            started.countDown();
            try {
                limit.acquire();
                in.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        started.await();
        assertThat(in).isFalse();
        limit.setLimit(2);
        Await.until("the waiter gets in", Duration.ofSeconds(5), in::get);
        waiter.join(5000);
        assertThat(limit.used()).isEqualTo(2);
    }

    @Test
    void loweringTheLimitPreemptsNobodyAndTakesEffectAsHoldersRelease() throws Exception {
        AdjustableLimit limit = new AdjustableLimit(3);
        limit.acquire();
        limit.acquire();
        limit.acquire();
        limit.setLimit(1);
        assertThat(limit.used()).isEqualTo(3);
        limit.release();
        limit.release();
        assertThat(limit.tryAcquire()).isFalse();
        limit.release();
        assertThat(limit.tryAcquire()).isTrue();
    }
}
