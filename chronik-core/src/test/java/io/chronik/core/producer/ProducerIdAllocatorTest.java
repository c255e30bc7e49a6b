package io.chronik.core.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProducerIdAllocatorTest {

    /** Hands out blocks one after another from 0, or fails while {@code unavailable} is set. */
    private static final class CountingBlocks implements ProducerIdAllocator.Blocks {
        final List<Integer> reservations = new ArrayList<>();
        long nextFirst;
        boolean unavailable;

        @Override
        public long reserve(int count) {
            if (unavailable) {
                throw new ProducerIdsUnavailableException("no controller");
            }
            reservations.add(count);
            long first = nextFirst;
            nextFirst += count;
            return first;
        }
    }

    @Test
    void idsAreUniqueAcrossBlocksAndABlockIsReservedOnlyWhenTheLastOneIsUsedUp() {
        CountingBlocks blocks = new CountingBlocks();
        ProducerIdAllocator allocator = new ProducerIdAllocator(blocks);
        Set<Long> ids = new HashSet<>();

        assertThat(allocator.needsBlock()).as("before the first id").isTrue();
        for (int i = 0; i < ProducerIdAllocator.BLOCK_SIZE; i++) {
            ids.add(allocator.allocate());
            assertThat(allocator.needsBlock()).isEqualTo(i == ProducerIdAllocator.BLOCK_SIZE - 1);
        }
        ids.add(allocator.allocate());

        assertThat(ids).hasSize(ProducerIdAllocator.BLOCK_SIZE + 1);
        assertThat(blocks.reservations).containsExactly(ProducerIdAllocator.BLOCK_SIZE, ProducerIdAllocator.BLOCK_SIZE);
        assertThat(allocator.needsBlock()).isFalse();
    }

    @Test
    void aFailedReservationIsReportedAndTriedAgainOnTheNextCall() {
        CountingBlocks blocks = new CountingBlocks();
        blocks.unavailable = true;
        ProducerIdAllocator allocator = new ProducerIdAllocator(blocks);

        assertThatThrownBy(allocator::allocate).isInstanceOf(ProducerIdsUnavailableException.class);
        assertThat(allocator.needsBlock()).isTrue();

        blocks.unavailable = false;
        assertThat(allocator.allocate()).isZero();
        assertThat(allocator.needsBlock()).isFalse();
    }
}
