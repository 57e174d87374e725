using System.Collections.Frozen;
using TwitterSentiment.Trainer.Export.Proto;
using static TwitterSentiment.Trainer.Export.Proto.DataType;

namespace TwitterSentiment.Trainer.Export.Graph;

/// <summary>
/// The OpDefs of exactly the ops the exporter emits, as TensorFlow registers them (facts from TensorFlow
/// 2.21's op registry, <c>tensorflow/core/ops/*.cc</c>): arguments, attrs, value kinds, defaults, allowed
/// values. The one table of op facts: <see cref="GraphBuilder"/> derives each node's type attrs, attr order and
/// output dtypes from it, and <see cref="NodeChecks"/> and <see cref="GraphValidator"/> check NodeDefs against it.
/// Attrs are listed in the order the builder writes them (a GraphDef's bytes depend on it), which for Const,
/// HashTableV2 and MatMul is not TensorFlow's registration order.
/// </summary>
public static class OpRegistry
{
    private static readonly DataType[] IndexTypes = [DtInt32, DtInt64];
    private static readonly DataType[] GatherIndexTypes = [DtInt16, DtInt32, DtInt64];

    private static readonly DataType[] FloatingTypes = [DtBfloat16, DtHalf, DtFloat, DtDouble, DtComplex64, DtComplex128];

    private static readonly DataType[] AddV2Types =
        [DtBfloat16, DtHalf, DtFloat, DtDouble, DtUint8, DtUint16, DtUint32, DtUint64, DtInt8, DtInt16, DtInt32, DtInt64, DtComplex64, DtComplex128];

    private static readonly DataType[] MulTypes =
        [DtBfloat16, DtHalf, DtFloat, DtDouble, DtUint8, DtInt8, DtUint16, DtInt16, DtInt32, DtUint32, DtUint64, DtInt64, DtComplex64, DtComplex128];

    private static readonly DataType[] RealDivTypes =
        [DtBfloat16, DtHalf, DtFloat, DtDouble, DtUint8, DtInt8, DtUint16, DtInt16, DtInt32, DtUint32, DtUint64, DtInt64, DtComplex64, DtComplex128];

    private static readonly DataType[] MaximumTypes =
        [DtBfloat16, DtHalf, DtFloat, DtDouble, DtInt8, DtUint8, DtInt16, DtUint16, DtInt32, DtUint32, DtInt64, DtUint64];

    private static readonly DataType[] MatMulTypes =
        [DtBfloat16, DtHalf, DtFloat, DtDouble, DtInt32, DtInt64, DtUint8, DtUint16, DtUint32, DtUint64, DtComplex64, DtComplex128];

    private static readonly DataType[] BiasAddTypes =
        [DtFloat, DtDouble, DtInt32, DtUint8, DtInt16, DtInt8, DtComplex64, DtInt64, DtQint8, DtQuint8, DtQint32, DtBfloat16, DtQint16, DtQuint16, DtUint16, DtComplex128, DtHalf, DtUint32, DtUint64];

    private static readonly DataType[] SignTypes =
        [DtBfloat16, DtHalf, DtFloat, DtDouble, DtInt8, DtInt16, DtInt32, DtInt64, DtComplex64, DtComplex128];

    private static readonly DataType[] RealNumberTypes =
        [DtFloat, DtDouble, DtInt32, DtUint8, DtInt16, DtInt8, DtInt64, DtBfloat16, DtUint16, DtHalf, DtUint32, DtUint64];

    public static FrozenDictionary<string, OpDefinition> Ops { get; } = Build().ToFrozenDictionary(op => op.Name, StringComparer.Ordinal);

    public static OpDefinition? Find(string op) => Ops.GetValueOrDefault(op);

    private static ArgDefinition Arg(string name, string typeAttr) => new(name, TypeAttr: typeAttr);
    private static ArgDefinition Fixed(string name, DataType type) => new(name, FixedType: type);
    private static AttrDefinition TypeAttr(string name, DataType[]? allowed = null, bool hasDefault = false) =>
        new(name, AttrKind.TypeValue, hasDefault, allowed);
    private static AttrDefinition Flag(string name) => new(name, AttrKind.BoolValue, HasDefault: true);

    private static IEnumerable<OpDefinition> Build()
    {
        yield return new("Placeholder", [], [Arg("output", "dtype")],
            [TypeAttr("dtype"), new("shape", AttrKind.ShapeValue, HasDefault: true)]);
        yield return new("Const", [], [Arg("output", "dtype")],
            [TypeAttr("dtype"), new("value", AttrKind.TensorValue)]);
        yield return new("NoOp", [], [], []);

        // Text.
        yield return new("StringLower", [Fixed("input", DtString)], [Fixed("output", DtString)],
            [new("encoding", AttrKind.StringValue, HasDefault: true)]);
        yield return new("StaticRegexReplace", [Fixed("input", DtString)], [Fixed("output", DtString)],
            [new("pattern", AttrKind.StringValue), new("rewrite", AttrKind.StringValue), Flag("replace_global")]);
        yield return new("StringSplit", [Fixed("input", DtString), Fixed("delimiter", DtString)],
            [Fixed("indices", DtInt64), Fixed("values", DtString), Fixed("shape", DtInt64)],
            [Flag("skip_empty")]);
        yield return new("SparseToDense",
            [Arg("sparse_indices", "Tindices"), Arg("output_shape", "Tindices"), Arg("sparse_values", "T"), Arg("default_value", "T")],
            [Arg("dense", "T")],
            [Flag("validate_indices"), TypeAttr("T"), TypeAttr("Tindices", IndexTypes)]);

        // Vocabulary lookup.
        yield return new("HashTableV2", [], [Fixed("table_handle", DtResource)],
            [TypeAttr("key_dtype"), TypeAttr("value_dtype"), new("shared_name", AttrKind.StringValue, HasDefault: true),
             new("container", AttrKind.StringValue, HasDefault: true), Flag("use_node_name_sharing")],
            IsStateful: true);
        yield return new("LookupTableImportV2",
            [Fixed("table_handle", DtResource), Arg("keys", "Tin"), Arg("values", "Tout")], [],
            [TypeAttr("Tin"), TypeAttr("Tout")], IsStateful: true);
        yield return new("LookupTableFindV2",
            [Fixed("table_handle", DtResource), Arg("keys", "Tin"), Arg("default_value", "Tout")], [Arg("values", "Tout")],
            [TypeAttr("Tin"), TypeAttr("Tout")], IsStateful: true);

        // Shapes and layout.
        yield return new("Shape", [Arg("input", "T")], [Arg("output", "out_type")],
            [TypeAttr("T"), TypeAttr("out_type", IndexTypes, hasDefault: true)]);
        yield return new("Reshape", [Arg("tensor", "T"), Arg("shape", "Tshape")], [Arg("output", "T")],
            [TypeAttr("T"), TypeAttr("Tshape", IndexTypes, hasDefault: true)]);
        yield return new("Transpose", [Arg("x", "T"), Arg("perm", "Tperm")], [Arg("y", "T")],
            [TypeAttr("T"), TypeAttr("Tperm", IndexTypes, hasDefault: true)]);
        yield return new("ConcatV2", [new ArgDefinition("values", TypeAttr: "T", NumberAttr: "N"), Arg("axis", "Tidx")], [Arg("output", "T")],
            [new("N", AttrKind.IntValue, Minimum: 2), TypeAttr("T"), TypeAttr("Tidx", IndexTypes, hasDefault: true)], NoControlInputs: true);
        yield return new("Fill", [Arg("dims", "index_type"), Arg("value", "T")], [Arg("output", "T")],
            [TypeAttr("T"), TypeAttr("index_type", IndexTypes, hasDefault: true)]);
        yield return new("StridedSlice",
            [Arg("input", "T"), Arg("begin", "Index"), Arg("end", "Index"), Arg("strides", "Index")], [Arg("output", "T")],
            [TypeAttr("T"), TypeAttr("Index", GatherIndexTypes),
             new("begin_mask", AttrKind.IntValue, HasDefault: true), new("end_mask", AttrKind.IntValue, HasDefault: true),
             new("ellipsis_mask", AttrKind.IntValue, HasDefault: true), new("new_axis_mask", AttrKind.IntValue, HasDefault: true),
             new("shrink_axis_mask", AttrKind.IntValue, HasDefault: true)]);
        yield return new("Split", [Fixed("split_dim", DtInt32), Arg("value", "T")],
            [new ArgDefinition("output", TypeAttr: "T", NumberAttr: "num_split")],
            [new("num_split", AttrKind.IntValue, Minimum: 1), TypeAttr("T")]);
        yield return new("Cast", [Arg("x", "SrcT")], [Arg("y", "DstT")],
            [TypeAttr("SrcT"), TypeAttr("DstT"), Flag("Truncate")]);
        yield return new("GatherV2", [Arg("params", "Tparams"), Arg("indices", "Tindices"), Arg("axis", "Taxis")], [Arg("output", "Tparams")],
            [new("batch_dims", AttrKind.IntValue, HasDefault: true), TypeAttr("Tparams"), TypeAttr("Tindices", GatherIndexTypes), TypeAttr("Taxis", IndexTypes)]);

        // Arithmetic.
        yield return new("MatMul", [Arg("a", "T"), Arg("b", "T")], [Arg("product", "T")],
            [TypeAttr("T", MatMulTypes), Flag("transpose_a"), Flag("transpose_b"),
             new("grad_a", AttrKind.BoolValue, HasDefault: true, NewerThanServing: true),
             new("grad_b", AttrKind.BoolValue, HasDefault: true, NewerThanServing: true)]);
        yield return new("BiasAdd", [Arg("value", "T"), Arg("bias", "T")], [Arg("output", "T")],
            [TypeAttr("T", BiasAddTypes), new("data_format", AttrKind.StringValue, HasDefault: true, AllowedStrings: ["NHWC", "NCHW"])]);
        yield return new("AddV2", [Arg("x", "T"), Arg("y", "T")], [Arg("z", "T")], [TypeAttr("T", AddV2Types)]);
        yield return new("Mul", [Arg("x", "T"), Arg("y", "T")], [Arg("z", "T")], [TypeAttr("T", MulTypes)]);
        yield return new("RealDiv", [Arg("x", "T"), Arg("y", "T")], [Arg("z", "T")], [TypeAttr("T", RealDivTypes)]);
        yield return new("Maximum", [Arg("x", "T"), Arg("y", "T")], [Arg("z", "T")], [TypeAttr("T", MaximumTypes)]);
        yield return new("Sigmoid", [Arg("x", "T")], [Arg("y", "T")], [TypeAttr("T", FloatingTypes)]);
        yield return new("Tanh", [Arg("x", "T")], [Arg("y", "T")], [TypeAttr("T", FloatingTypes)]);
        yield return new("Greater", [Arg("x", "T"), Arg("y", "T")], [Fixed("z", DtBool)], [TypeAttr("T", RealNumberTypes)]);
        yield return new("SelectV2", [Fixed("condition", DtBool), Arg("t", "T"), Arg("e", "T")], [Arg("output", "T")], [TypeAttr("T")]);
        yield return new("Sign", [Arg("x", "T")], [Arg("y", "T")], [TypeAttr("T", SignTypes)]);
        // Sum's T list is TensorFlow's NumberTypes, the same as BiasAdd's.
        yield return new("Sum", [Arg("input", "T"), Arg("reduction_indices", "Tidx")], [Arg("output", "T")],
            [Flag("keep_dims"), TypeAttr("T", BiasAddTypes), TypeAttr("Tidx", IndexTypes, hasDefault: true)]);
    }
}
