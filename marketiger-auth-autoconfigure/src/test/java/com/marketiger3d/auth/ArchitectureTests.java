package com.marketiger3d.auth;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the package arrows of the design: {@code autoconfigure} → integrations →
 * {@code token} → {@code api}, and Spring Boot only in {@code autoconfigure}.
 */
class ArchitectureTests {

	private static final String BASE = "com.marketiger3d.auth";

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(BASE);

	@Test
	void apiDependsOnNothingOfOurs() {
		ArchRule rule = classes().that()
			.resideInAPackage(BASE + ".api..")
			.should()
			.onlyDependOnClassesThat(outsideOurCodeOr(BASE + ".api.."));
		rule.check(CLASSES);
	}

	@Test
	void tokenDependsOnlyOnApi() {
		ArchRule rule = classes().that()
			.resideInAPackage(BASE + ".token..")
			.should()
			.onlyDependOnClassesThat(outsideOurCodeOr(BASE + ".token..", BASE + ".api.."));
		rule.check(CLASSES);
	}

	@Test
	void tokenEventsDependOnlyOnApi() {
		ArchRule rule = classes().that()
			.resideInAPackage(BASE + ".token.event..")
			.should()
			.onlyDependOnClassesThat(outsideOurCodeOr(BASE + ".token.event..", BASE + ".api.."));
		rule.check(CLASSES);
	}

	@Test
	void webDependsOnlyOnTokenAndApi() {
		ArchRule rule = classes().that()
			.resideInAPackage(BASE + ".web..")
			.should()
			.onlyDependOnClassesThat(outsideOurCodeOr(BASE + ".web..", BASE + ".token..", BASE + ".api.."));
		rule.check(CLASSES);
	}

	@Test
	void securityDependsOnlyOnTokenAndApi() {
		ArchRule rule = classes().that()
			.resideInAPackage(BASE + ".security..")
			.should()
			.onlyDependOnClassesThat(outsideOurCodeOr(BASE + ".security..", BASE + ".token..", BASE + ".api.."));
		rule.check(CLASSES);
	}

	@Test
	void redisDependsOnlyOnTokenAndApi() {
		ArchRule rule = classes().that()
			.resideInAPackage(BASE + ".redis..")
			.should()
			.onlyDependOnClassesThat(outsideOurCodeOr(BASE + ".redis..", BASE + ".token..", BASE + ".api.."));
		rule.check(CLASSES);
	}

	@Test
	void nothingButAutoconfigureDependsOnAutoconfigure() {
		ArchRule rule = noClasses().that()
			.resideOutsideOfPackage(BASE + ".autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(BASE + ".autoconfigure..");
		rule.check(CLASSES);
	}

	@Test
	void onlyAutoconfigureUsesSpringBoot() {
		ArchRule rule = noClasses().that()
			.resideOutsideOfPackages(BASE + ".autoconfigure..", BASE + ".actuate..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.boot..");
		rule.check(CLASSES);
	}

	@Test
	void actuateDependsOnlyOnTokenApiAndBootsHealthAndEndpointTypes() {
		classes().that()
			.resideInAPackage(BASE + ".actuate..")
			.should()
			.onlyDependOnClassesThat(outsideOurCodeOr(BASE + ".actuate..", BASE + ".token..", BASE + ".api.."))
			.check(CLASSES);
		noClasses().that()
			.resideInAPackage(BASE + ".actuate..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.boot.autoconfigure..", "org.springframework.boot.context..")
			.check(CLASSES);
	}

	@Test
	void featurePackagesAreFreeOfCycles() {
		ArchRule rule = slices().matching(BASE + ".(*)..").should().beFreeOfCycles();
		rule.check(CLASSES);
	}

	@Test
	void autoConfigurationsArePublicFinalAndInAutoconfigure() {
		ArchRule rule = classes().that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.bePublic()
			.andShould()
			.haveModifier(JavaModifier.FINAL)
			.andShould()
			.resideInAPackage(BASE + ".autoconfigure")
			.andShould()
			.haveSimpleNameEndingWith("AutoConfiguration");
		rule.check(CLASSES);
	}

	@Test
	void beanMethodsOfAutoConfigurationsArePackagePrivate() {
		ArchRule rule = methods().that()
			.areAnnotatedWith(Bean.class)
			.and()
			.areDeclaredInClassesThat()
			.resideInAPackage(BASE + ".autoconfigure..")
			.should()
			.bePackagePrivate();
		rule.check(CLASSES);
	}

	@Test
	void onlyAutoconfigureDeclaresComponents() {
		ArchRule rule = noClasses().that()
			.resideOutsideOfPackage(BASE + ".autoconfigure..")
			.should()
			.beMetaAnnotatedWith("org.springframework.stereotype.Component");
		rule.check(CLASSES);
	}

	private static DescribedPredicate<JavaClass> outsideOurCodeOr(String... packages) {
		return resideOutsideOfPackage(BASE + "..").or(resideInAnyPackage(packages))
			.as("classes outside %s or in %s", BASE, String.join(", ", packages));
	}

}
