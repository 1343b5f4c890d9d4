package com.marketiger3d.simulator;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MarketigerSimulatorRuntimeHints}.
 */
class MarketigerSimulatorRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	MarketigerSimulatorRuntimeHintsTests() {
		new MarketigerSimulatorRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void theProjectsJacksonWritesCanBeReadReflectively() {
		assertThat(RuntimeHintsPredicates.reflection().onType(Catalogue.Project.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Catalogue.Project.class, "projectId"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Catalogue.Project.class, "name"))
			.accepts(this.hints);
	}

	@Test
	void theModelsJacksonWritesCanBeReadReflectively() {
		for (String accessor : new String[] { "modelId", "name", "projectId" }) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Catalogue.Model.class, accessor))
				.as(accessor)
				.accepts(this.hints);
		}
	}

}
