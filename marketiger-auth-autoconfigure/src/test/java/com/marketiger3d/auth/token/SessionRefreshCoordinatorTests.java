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
	void aSessionsLeaseIsSharedEvenInOneProcess() {
		RenewalLease inProcess = new SessionRefreshCoordinator(RefreshCoordinator.inProcess()).acquire("alice", 0)
			.block(TIMEOUT);

		assertThat(RefreshCoordinator.inProcess().acquire("alice", 0).block(TIMEOUT).isShared())
			.as("the in-process lease alone")
			.isFalse();
		assertThat(inProcess).isNotNull();
		assertThat(inProcess.isShared()).as("an evicted service and its successor take turns").isTrue();
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

}
