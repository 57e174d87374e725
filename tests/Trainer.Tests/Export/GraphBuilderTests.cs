using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Export.Graph;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;
using static TwitterSentiment.Trainer.Export.Proto.DataType;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>The builder takes every op fact (type attrs, attr order, input and output dtypes) from <see cref="OpRegistry"/>.</summary>
public sealed class GraphBuilderTests
{
    [Test]
    public void Type_attrs_come_from_the_inputs_and_are_written_in_the_tables_order()
    {
        var g = new GraphBuilder();
        var x = g.Placeholder("x", DtFloat, -1, 4);
        g.Reshape("r", x, g.Const("shape", [2L, -1L], 2));
        g.Gather("gathered", x, g.Const("ids", [0, 1], 2), g.ScalarConst("axis", 0L));

        var nodes = g.ToGraphDef(1).Node;
        var reshape = nodes.Single(n => n.Name == "r");
        var gather = nodes.Single(n => n.Name == "gathered");

        Assert.That(reshape.Attr.Keys, Is.EqualTo(new[] { "T", "Tshape" }));
        Assert.That((reshape.Attr["T"].Type, reshape.Attr["Tshape"].Type), Is.EqualTo((DtFloat, DtInt64)));
        Assert.That(gather.Attr.Keys, Is.EqualTo(new[] { "batch_dims", "Tparams", "Tindices", "Taxis" }));
        Assert.That((gather.Attr["Tparams"].Type, gather.Attr["Tindices"].Type, gather.Attr["Taxis"].Type), Is.EqualTo((DtFloat, DtInt32, DtInt64)));
    }

    [Test]
    public void Output_dtypes_come_from_the_table()
    {
        var g = new GraphBuilder();
        var text = g.Placeholder("text", DtString, -1);
        var (indices, values, shape) = g.StringSplit("split", text, g.ScalarConst("space", " "));
        var x = g.Placeholder("x", DtFloat, -1);

        Assert.That(new[] { indices.DataType, values.DataType, shape.DataType }, Is.EqualTo(new[] { DtInt64, DtString, DtInt64 }));
        Assert.That((values.Node, values.Index), Is.EqualTo(("split", 1)));
        Assert.That(g.Shape("shape", x).DataType, Is.EqualTo(DtInt32));
        Assert.That(g.Greater("positive", x, g.ScalarConst("half", 0.5f)).DataType, Is.EqualTo(DtBool));
        Assert.That(g.Cast("n", x, DtInt64).DataType, Is.EqualTo(DtInt64));
        Assert.That(g.Split("parts", g.ScalarConst("axis", 0), x, 3).Select(p => (p.Index, p.DataType)), Is.EqualTo(new[] { (0, DtFloat), (1, DtFloat), (2, DtFloat) }));
    }

    [Test]
    public void An_input_type_the_op_does_not_allow_is_refused_when_the_node_is_added()
    {
        var g = new GraphBuilder();
        var x = g.Placeholder("x", DtFloat, -1, 4);
        var text = g.Placeholder("text", DtString, -1);

        Assert.That(() => g.Reshape("bad", x, g.ScalarConst("f", 1f)), Throws.ArgumentException.With.Message.Contains("Reshape shape must be one of DtInt32, DtInt64"));
        Assert.That(() => g.Sigmoid("bad", text), Throws.ArgumentException.With.Message.Contains("Sigmoid x must be one of"));
        Assert.That(() => g.Select("bad", x, x, x), Throws.ArgumentException.With.Message.Contains("SelectV2 condition must be DtBool"));
    }

    [Test]
    public void The_token_count_ops_take_integer_ids_and_keep_their_dtype_with_TensorFlows_attrs()
    {
        var g = new GraphBuilder();
        var ids = g.Placeholder("ids", DtInt64, -1, -1);
        var text = g.Placeholder("text", DtString, -1);

        var count = g.Sum("count", g.Sign("is_token", ids), g.ScalarConst("axis", 1));

        var sum = g.ToGraphDef(1).Node.Single(n => n.Name == "count");
        Assert.That(count.DataType, Is.EqualTo(DtInt64));
        Assert.That(sum.Attr.Keys, Is.EqualTo(new[] { "keep_dims", "T", "Tidx" }));
        Assert.That((sum.Attr["keep_dims"].B, sum.Attr["T"].Type, sum.Attr["Tidx"].Type), Is.EqualTo((false, DtInt64, DtInt32)));
        Assert.That(() => g.Sign("bad", text), Throws.ArgumentException.With.Message.Contains("Sign x must be one of"));
        Assert.That(() => g.Sum("bad", ids, g.ScalarConst("f", 1f)), Throws.ArgumentException.With.Message.Contains("Sum reduction_indices must be one of"));
    }

    [Test]
    public void A_node_the_table_would_reject_is_never_added()
    {
        var g = new GraphBuilder();
        var x = g.Placeholder("x", DtFloat, -1);

        Assert.That(() => g.Concat("one", [x], g.ScalarConst("axis", 0)), Throws.ArgumentException.With.Message.Contains("attr \"N\" = 1 is below its minimum 2"));
        Assert.That(g.Nodes.Select(n => n.Name), Is.EqualTo(new[] { "x", "axis" }));
        Assert.That(g.Sigmoid("one", x).Node, Is.EqualTo("one"), "a refused node does not take its name");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Every_node_of_an_export_has_its_attrs_in_the_tables_order(bool bidirectional)
    {
        // The GraphDef's bytes depend on the order of each node's attrs; the table fixes it.
        var vocabulary = Vocabulary.Build([["good", "bad", "day"]], maxTokens: 10);
        using var model = new SentimentModel(new ModelOptions { VocabularySize = vocabulary.Count, SequenceLength = 5, EmbeddingDim = 3, LstmUnits = 2, Bidirectional = bidirectional });

        var graph = SavedModelExporter.Build(model.ExportWeights(), vocabulary, ExportedModelInfo.Minimal(model.Options, "order")).MetaGraphs[0].GraphDef;

        foreach (var node in graph.Node)
        {
            var tableOrder = OpRegistry.Find(node.Op)!.Attrs.Select(a => a.Name).Where(node.Attr.ContainsKey);
            Assert.That(node.Attr.Keys, Is.EqualTo(tableOrder), node.Name);
        }
    }
}
