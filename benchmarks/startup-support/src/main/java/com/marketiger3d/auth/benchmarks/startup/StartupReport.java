package com.marketiger3d.auth.benchmarks.startup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;

/**
 * What one start printed, on one line the script reads: the context's start, the first
 * call, and, with the starter, its auto-configuration's conditions and its slowest beans.
 */
final class StartupReport {

	private StartupReport() {
	}

	static String conditions(ConfigurableApplicationContext context) {
		ConditionEvaluationReport report = ConditionEvaluationReport.get(context.getBeanFactory());
		int evaluated = 0;
		int matched = 0;
		for (Map.Entry<String, ConditionEvaluationReport.ConditionAndOutcomes> entry : report
			.getConditionAndOutcomesBySource()
			.entrySet()) {
			if (entry.getKey().startsWith("com.marketiger3d")) {
				for (ConditionEvaluationReport.ConditionAndOutcome outcome : entry.getValue()) {
					evaluated++;
					if (outcome.getOutcome().isMatch()) {
						matched++;
					}
				}
			}
		}
		return "conditions=" + evaluated + " matched=" + matched;
	}

	/** The beans of ours (and Boot's client builders) that took a millisecond or more. */
	static String beans(BufferingApplicationStartup startup) {
		List<String> slow = new ArrayList<>();
		startup.getBufferedTimeline().getEvents().forEach((event) -> {
			StartupStep step = event.getStartupStep();
			if (!step.getName().equals("spring.beans.instantiate")) {
				return;
			}
			String bean = StreamSupport.stream(step.getTags().spliterator(), false)
				.filter((tag) -> tag.getKey().equals("beanName"))
				.map(StartupStep.Tag::getValue)
				.findFirst()
				.orElse("");
			long millis = event.getDuration().toMillis();
			if (millis >= 1 && (bean.toLowerCase().contains("marketiger") || bean.equals("tokenRefreshService")
					|| bean.endsWith("Builder") || bean.contains("ClientHttpConnector"))) {
				slow.add(bean + ":" + millis);
			}
		});
		return "beans=" + String.join(",", slow);
	}

}
