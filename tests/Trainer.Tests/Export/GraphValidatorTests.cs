using Google.Protobuf;
using TwitterSentiment.Trainer.Export.Graph;
using TwitterSentiment.Trainer.Export.Proto;
using static TwitterSentiment.Trainer.Export.Proto.DataType;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>Each check of the OpDef validator rejects the NodeDef it exists to catch.</summary>
public sealed class GraphValidatorTests
{
    /// <summary>x (float) → MatMul with a Const → Sigmoid; ConcatV2 of two Consts; all valid.</summary>
    private static GraphDef ValidGraph()
    {
        var g = new GraphBuilder();
        var x = g.Placeholder("x", DtFloat, -1, 2);
        var w = g.Const("w", [1f, 2f, 3f, 4f], 2, 2);
        var y = g.Sigmoid("y", g.MatMul("mm", x, w));
        g.Concat("joined", [y, y], g.ScalarConst("axis", 1));
        return g.ToGraphDef(1394);
    }

    private static NodeDef Node(GraphDef graph, string name) => graph.Node.Single(n => n.Name == name);

    [Test]
    public void A_graph_built_with_the_builder_is_valid()
    {
        Assert.That(GraphValidator.Validate(ValidGraph()), Is.Empty);
    }

    [Test]
    public void A_missing_required_attr_is_rejected()
    {
        var graph = ValidGraph();
        Node(graph, "mm").Attr.Remove("T");

        Assert.That(GraphValidator.Validate(graph), Has.Some.Contains("required attr \"T\" is missing"));
    }

    [Test]
    public void An_input_of_the_wrong_dtype_is_rejected()
    {
        var graph = ValidGraph();
        Node(graph, "x").Attr["dtype"] = new AttrValue { Type = DtInt32 };

        Assert.That(GraphValidator.Validate(graph), Has.Some.Contains("input 0 \"x\" is DtInt32, the op expects DtFloat"));
    }

    [Test]
    public void An_unknown_op_is_rejected()
    {
        var graph = ValidGraph();
        Node(graph, "y").Op = "Sigmoidal";

        Assert.That(GraphValidator.Validate(graph), Has.Some.Contains("op \"Sigmoidal\" is not one the exporter may emit"));
    }

    [Test]
    public void A_dangling_input_is_rejected()
    {
        var graph = ValidGraph();
        Node(graph, "y").Input[0] = "nowhere";

        Assert.That(GraphValidator.Validate(graph), Has.Some.Contains("input 0 \"nowhere\" names no node"));
    }

    [Test]
    public void An_input_naming_an_output_the_node_does_not_have_is_rejected()
    {
        var graph = ValidGraph();
        Node(graph, "y").Input[0] = "mm:1";

        Assert.That(GraphValidator.Validate(graph), Has.Some.Contains("refers to output 1, but \"mm\" has 1 outputs"));
    }

    [Test]
    public void An_undeclared_attr_is_rejected()
    {
        var graph = ValidGraph();
        Node(graph, "y").Attr["alpha"] = new AttrValue { F = 1 };

        Assert.That(GraphValidator.Validate(graph), Has.Some.Contains("attr \"alpha\" is not declared by Sigmoid"));
    }

    [Test]
    public void Attrs_newer_than_older_serving_binaries_are_rejected()
    {
        var graph = ValidGraph();
        Node(graph, "mm").Attr["grad_a"] = new AttrValue { B = false };

        Assert.That(GraphValidator.Validate(graph), Has.Some.Contains("attr \"grad_a\" is unknown to older TensorFlow Serving binaries"));
    }

    [Test]
    public void An_attr_holding_the_wrong_value_kind_is_rejected()
    {
        var graph = ValidGraph();
        Node(graph, "mm").Attr["transpose_a"] = new AttrValue { I = 0 };

        Assert.That(GraphValidator.Validate(graph), Has.Some.Contains("attr \"transpose_a\" must hold a bool, holds a i"));
    }

    [Test]
    public void An_attr_with_no_value_set_is_rejected()
    {
        var graph = ValidGraph();
        Node(graph, "mm").Attr["transpose_b"] = new AttrValue();

        Assert.That(GraphValidator.Validate(graph), Has.Some.Contains("attr \"transpose_b\" must hold a bool, holds nothing"));
    }

    [Test]
    public void A_type_outside_the_allowed_list_is_rejected()
    {
        var graph = ValidGraph();
        Node(graph, "y").Attr["T"] = new AttrValue { Type = DtInt32 };

        Assert.That(GraphValidator.Validate(graph), Has.Some.Contains("attr \"T\" = DtInt32 is not one of the allowed types"));
    }

    [Test]
    public void An_int_attr_below_its_minimum_is_rejected()
    {
        var graph = ValidGraph();
        var concat = Node(graph, "joined");
        concat.Attr["N"] = new AttrValue { I = 1 };
        concat.Input.RemoveAt(1);

        Assert.That(GraphValidator.Validate(graph), Has.Some.Contains("attr \"N\" = 1 is below its minimum 2"));
    }

    [Test]
    public void A_control_input_on_ConcatV2_is_rejected()
    {
        var graph = ValidGraph();
        Node(graph, "joined").Input.Add("^w");

        Assert.That(GraphValidator.Validate(graph), Has.Some.Contains("control inputs on ConcatV2 are not allowed"));
    }

    [Test]
    public void A_data_input_after_a_control_input_is_rejected()
    {
        var graph = ValidGraph();
        var y = Node(graph, "y");
        y.Input.Insert(0, "^w");

        Assert.That(GraphValidator.Validate(graph), Has.Some.Contains("comes after a control input"));
    }

    [Test]
    public void Two_nodes_with_one_name_are_rejected()
    {
        var graph = ValidGraph();
        graph.Node.Add(Node(graph, "w").Clone());

        Assert.That(GraphValidator.Validate(graph), Has.Some.Contains("Two nodes are named \"w\""));
    }

    [Test]
    public void A_const_whose_content_does_not_fill_its_shape_is_rejected()
    {
        var graph = ValidGraph();
        Node(graph, "w").Attr["value"].Tensor.TensorContent = ByteString.CopyFrom(new byte[12]);

        Assert.That(GraphValidator.Validate(graph), Has.Some.Contains("tensor_content has 12 bytes"));
    }

    [Test]
    public void A_const_whose_value_disagrees_with_its_dtype_attr_is_rejected()
    {
        var graph = ValidGraph();
        Node(graph, "w").Attr["dtype"] = new AttrValue { Type = DtDouble };

        Assert.That(GraphValidator.Validate(graph), Has.Some.Contains("the value is DtFloat but the dtype attr says DtDouble"));
    }

    [Test]
    public void A_cycle_is_rejected()
    {
        var graph = ValidGraph();
        Node(graph, "mm").Input[0] = "y";

        Assert.That(GraphValidator.Validate(graph), Has.Some.Contains("cycle"));
    }

    [Test]
    public void The_builder_refuses_to_wire_tensors_of_the_wrong_dtype()
    {
        var g = new GraphBuilder();
        var text = g.Placeholder("text", DtString, -1);
        var number = g.ScalarConst("one", 1f);

        Assert.That(() => g.MatMul("bad", number, text), Throws.ArgumentException.With.Message.Contains("must be DtFloat"));
        Assert.That(() => g.StaticRegexReplace("bad", number, "a", "b"), Throws.ArgumentException.With.Message.Contains("must be DtString"));
    }

    [Test]
    public void The_op_table_records_the_facts_that_decide_whether_a_graph_loads()
    {
        // Facts that matter for loading: Split's first input is the axis, ConcatV2 needs N >= 2, Const needs value and dtype.
        Assert.That(OpRegistry.Find("Split")?.Inputs[0], Is.EqualTo(new ArgDefinition("split_dim", FixedType: DtInt32)));
        Assert.That(OpRegistry.Find("ConcatV2")?.FindAttr("N")?.Minimum, Is.EqualTo(2));
        Assert.That(OpRegistry.Find("Const")?.Attrs.Where(a => !a.HasDefault).Select(a => a.Name), Is.EquivalentTo(new[] { "value", "dtype" }));
    }
}
