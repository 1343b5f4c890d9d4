package com.marketiger3d.auth.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MarketigerAuthPropertiesFailureAnalyzer}.
 */
class MarketigerAuthPropertiesFailureAnalyzerTests {

	private final MarketigerAuthPropertiesFailureAnalyzer analyzer = new MarketigerAuthPropertiesFailureAnalyzer();

	@Test
	void describesInvalidPropertyAndNamesItInTheAction() {
		InvalidMarketigerAuthPropertyException invalid = MarketigerAuthPropertiesValidator.invalid("refresh-ahead",
				"must not be shorter than marketiger.auth.clock-skew");
		FailureAnalysis analysis = this.analyzer
			.analyze(new BeanCreationException("marketiger.auth-properties", "Init failed", invalid));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).isEqualTo("Invalid MarkeTiger3D auth configuration: "
				+ "'marketiger.auth.refresh-ahead' must not be shorter than marketiger.auth.clock-skew.");
		assertThat(analysis.getAction()).contains("Update 'marketiger.auth.refresh-ahead'");
		assertThat(analysis.getCause()).isSameAs(invalid);
	}

	@Test
	void ignoresOtherFailures() {
		assertThat(this.analyzer.analyze(new IllegalStateException("marketiger.auth.refresh-ahead"))).isNull();
	}

	@Test
	void isRegistered() {
		assertThat(FailureAnalyzerRegistrations.names())
			.contains(MarketigerAuthPropertiesFailureAnalyzer.class.getName());
	}

}
