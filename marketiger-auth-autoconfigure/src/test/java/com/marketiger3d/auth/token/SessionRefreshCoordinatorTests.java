package com.marketiger3d.auth.token;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class SessionRefreshCoordinatorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Test
	void aLeaseIsSharedExactlyWhenTheCoordinatorsLeaseIs() {
		RenewalLease inProcess = new SessionRefreshCoordinator(RefreshCoordinator.inProcess()).acquire("alice", 0)
			.block(TIMEOUT);
		RenewalLease cluster = new SessionRefreshCoordinator((session, version) -> Mono.just(new SharedLease()))
			.acquire("alice", 0)
			.block(TIMEOUT);

		assertThat(inProcess).isNotNull();
		assertThat(inProcess.isShared()).isFalse();
		assertThat(cluster).isNotNull();
		assertThat(cluster.isShared()).isTrue();
	}

	@Test
	void aSecondRenewalOfTheSessionWaitsForTheFirstToReleaseThenReadsTheStoreAgain() {
		SessionRefreshCoordinator coordinator = new SessionRefreshCoordinator(RefreshCoordinator.inProcess());
		RenewalLease first = coordinator.acquire("alice", 0).block(TIMEOUT);
		List<String> second = new CopyOnWriteArrayList<>();

		coordinator.acquire("alice", 0)
			.subscribe((lease) -> second.add("lease"), (ex) -> second.add("error"), () -> second.add("empty"));

		assertThat(first).isNotNull();
		assertThat(second).as("waiting while the first holds the session").isEmpty();
		assertThat(coordinator.heldCount()).isOne();
		first.release().block(TIMEOUT);
		assertThat(second).as("completes empty: read the store again").containsExactly("empty");
		assertThat(coordinator.heldCount()).isZero();
	}

	private static final class SharedLease implements RenewalLease {

		@Override
		public <T> Mono<T> guard(Mono<T> call) {
			return call;
		}

		@Override
		public Mono<Void> release() {
			return Mono.empty();
		}

		@Override
		public boolean isShared() {
			return true;
		}

	}

}
