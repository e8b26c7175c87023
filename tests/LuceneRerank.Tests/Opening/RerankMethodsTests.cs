using LuceneRerank.Models;

namespace LuceneRerank.Tests.Opening;

/// <summary>The names of reranking methods: short names, manifest kinds, enum names; and each method's default manifest.</summary>
public sealed class RerankMethodsTests
{
    [TestCase("cross-encoder", RerankMethod.CrossEncoder)]
    [TestCase("pointwise", RerankMethod.Pointwise)]
    [TestCase("query-likelihood", RerankMethod.QueryLikelihood)]
    [TestCase("listwise", RerankMethod.Listwise)]
    [TestCase("pairwise", RerankMethod.Pairwise)]
    [TestCase("monot5", RerankMethod.MonoT5)]
    [TestCase("rankt5", RerankMethod.RankT5)]
    [TestCase("colbert", RerankMethod.ColBert)]
    [TestCase("ColBert", RerankMethod.ColBert)]
    [TestCase("llm-listwise", RerankMethod.Listwise)]
    [TestCase("llm-query-likelihood", RerankMethod.QueryLikelihood)]
    [TestCase("LLM-POINTWISE", RerankMethod.Pointwise)]
    [TestCase("QueryLikelihood", RerankMethod.QueryLikelihood)]
    [TestCase("MonoT5", RerankMethod.MonoT5)]
    [TestCase("auto", RerankMethod.Auto)]
    public void Parse_accepts_short_names_manifest_kinds_and_enum_names(string name, RerankMethod expected)
    {
        Assert.That(RerankMethods.Parse(name), Is.EqualTo(expected));
    }

    [Test]
    public void An_unknown_name_lists_the_known_ones()
    {
        var error = Assert.Throws<FormatException>(() => RerankMethods.Parse("splade"));

        Assert.That(error!.Message, Is.EqualTo(
            "unknown reranker kind 'splade'; known kinds: cross-encoder, pointwise, query-likelihood, listwise, pairwise, monot5, rankt5, colbert"));
    }

    [Test]
    public void Every_method_round_trips_through_its_name_and_its_manifest_kind()
    {
        foreach (var method in Enum.GetValues<RerankMethod>().Where(m => m != RerankMethod.Auto))
        {
            Assert.That(RerankMethods.Parse(RerankMethods.Name(method)), Is.EqualTo(method));
            Assert.That(RerankMethods.FromManifestKind(RerankMethods.ManifestKind(method)), Is.EqualTo(method));
        }

        Assert.That(Enum.GetValues<RerankMethod>().Where(m => m != RerankMethod.Auto).Select(RerankMethods.ManifestKind),
            Is.EquivalentTo(ModelKinds.All), "one method per manifest kind");
    }

    [Test]
    public void Every_default_manifest_is_embedded_and_of_the_methods_kind()
    {
        foreach (var method in Enum.GetValues<RerankMethod>().Where(m => m is not RerankMethod.Auto and not RerankMethod.CrossEncoder and not RerankMethod.ColBert))
        {
            var manifest = ModelManifests.Catalog().Find(RerankMethods.DefaultManifest(method)!);
            Assert.That(manifest.Kind, Is.EqualTo(RerankMethods.ManifestKind(method)), method.ToString());
        }

        Assert.That(RerankMethods.DefaultManifest(RerankMethod.CrossEncoder), Is.Null);
        Assert.That(RerankMethods.DefaultManifest(RerankMethod.ColBert), Is.Null);
    }

    [Test]
    public void Auto_has_no_manifest_kind()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RerankMethods.ManifestKind(RerankMethod.Auto));
        Assert.That(RerankMethods.Name(RerankMethod.Auto), Is.EqualTo("auto"));
    }
}
