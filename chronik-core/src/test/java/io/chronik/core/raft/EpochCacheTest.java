package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EpochCacheTest {

    /** Log 0..9: epoch 1 at 0-2, epoch 3 at 3-6, epoch 4 at 7-9 (ends at 10). */
    private static EpochCache cache() {
        EpochCache cache = new EpochCache();
        int[] epochs = {1, 1, 1, 3, 3, 3, 3, 4, 4, 4};
        for (int offset = 0; offset < epochs.length; offset++) {
            cache.onAppend(offset, epochs[offset]);
        }
        return cache;
    }

    @Test
    void answersTheEpochOfAnOffset() {
        EpochCache cache = cache();
        assertThat(cache.epochAt(0)).isEqualTo(1);
        assertThat(cache.epochAt(3)).isEqualTo(3);
        assertThat(cache.epochAt(9)).isEqualTo(4);
    }

    @Test
    void findsTheEndOfTheLargestEpochNotAboveTheAskedOne() {
        EpochCache cache = cache();
        assertThat(cache.endOf(1, 10)).isEqualTo(new LogPosition(1, 3));
        assertThat(cache.endOf(2, 10)).as("epoch 2 is absent: the end of epoch 1").isEqualTo(new LogPosition(1, 3));
        assertThat(cache.endOf(3, 10)).isEqualTo(new LogPosition(3, 7));
        assertThat(cache.endOf(9, 10)).isEqualTo(new LogPosition(4, 10));
        assertThat(new EpochCache().endOf(5, 0)).isEqualTo(LogPosition.START);
    }

    @Test
    void forgetsTruncatedEpochsAndRefusesEpochsGoingBack() {
        EpochCache cache = cache();
        cache.truncateTo(5);
        assertThat(cache.endOf(4, 5)).isEqualTo(new LogPosition(3, 5));
        cache.onAppend(5, 6);
        assertThat(cache.epochAt(5)).isEqualTo(6);
        assertThatThrownBy(() -> cache.onAppend(6, 2)).isInstanceOf(RaftException.class)
                .hasMessageContaining("epoch went back from 6 to 2");
    }
}
