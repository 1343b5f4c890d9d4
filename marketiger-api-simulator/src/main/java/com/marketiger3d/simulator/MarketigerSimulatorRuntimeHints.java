package com.marketiger3d.simulator;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Registers the classes the simulator writes as JSON through Jackson's data binding (its
 * projects and models), for an application that embeds the simulator and is compiled to a
 * native image. Not registered by the simulator itself, whose jar registers nothing with
 * Spring: such an application imports it with
 * {@code @ImportRuntimeHints(MarketigerSimulatorRuntimeHints.class)}.
 *
 * @since 0.1.0
 */
public class MarketigerSimulatorRuntimeHints implements RuntimeHintsRegistrar {

	/**
	 * Create the registrar; Spring does, for {@code @ImportRuntimeHints}.
	 */
	public MarketigerSimulatorRuntimeHints() {
	}

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), Catalogue.Project.class,
				Catalogue.Model.class);
	}

}
