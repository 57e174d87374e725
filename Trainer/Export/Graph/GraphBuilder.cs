using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;
using TwitterSentiment.Trainer.Export.Proto;
using static TwitterSentiment.Trainer.Export.Proto.DataType;

namespace TwitterSentiment.Trainer.Export.Graph;

/// <summary>
/// Builds a GraphDef one op at a time. Each method gives the attrs no input decides (zero values included, so no
/// oneof is left unset); the type attrs, the attr order, the dtype checks on its inputs and the dtypes of its
/// outputs come from the op's <see cref="OpRegistry"/> entry. Node names are made unique. Only ops in the table
/// have a method.
/// </summary>
public sealed class GraphBuilder
{
    private readonly List<NodeDef> _nodes = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public IReadOnlyList<NodeDef> Nodes => _nodes;

    /// <summary>The graph so far, with the given producer version (min_consumer 0).</summary>
    public GraphDef ToGraphDef(int producer)
    {
        var graph = new GraphDef { Versions = new VersionDef { Producer = producer, MinConsumer = 0 } };
        graph.Node.Add(_nodes.Select(node => node.Clone()));
        return graph;
    }

    // ---- Sources -------------------------------------------------------------------------------------------

    public TensorRef Placeholder(string name, DataType dtype, params long[] shape) =>
        Add(name, "Placeholder", [], ("dtype", TypeValue(dtype)), ("shape", new AttrValue { Shape = Shape(shape) }))[0];

    public TensorRef Const(string name, float[] values, params long[] shape) =>
        AddConst(name, DtFloat, shape, values.Length, tensor =>
        {
            if (values.Length == 1) tensor.FloatVal.Add(values[0]);
            else tensor.TensorContent = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        });

    public TensorRef Const(string name, int[] values, params long[] shape) =>
        AddConst(name, DtInt32, shape, values.Length, tensor =>
        {
            if (values.Length == 1) tensor.IntVal.Add(values[0]);
            else tensor.TensorContent = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        });

    public TensorRef Const(string name, long[] values, params long[] shape) =>
        AddConst(name, DtInt64, shape, values.Length, tensor =>
        {
            if (values.Length == 1) tensor.Int64Val.Add(values[0]);
            else tensor.TensorContent = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        });

    /// <summary>A string constant; strings are stored as UTF-8 in <c>string_val</c> (never tensor_content).</summary>
    public TensorRef Const(string name, IReadOnlyList<string> values, params long[] shape) =>
        AddConst(name, DtString, shape, values.Count, tensor =>
        {
            foreach (string value in values) tensor.StringVal.Add(ByteString.CopyFrom(value, Encoding.UTF8));
        });

    public TensorRef ScalarConst(string name, float value) => Const(name, [value]);
    public TensorRef ScalarConst(string name, int value) => Const(name, [value]);
    public TensorRef ScalarConst(string name, long value) => Const(name, [value]);
    public TensorRef ScalarConst(string name, string value) => Const(name, [value]);

    /// <summary>A NoOp that runs after <paramref name="dependencies"/> (control inputs); returns its name.</summary>
    public string NoOp(string name, params string[] dependencies)
    {
        string unique = Unique(name);
        var node = new NodeDef { Name = unique, Op = "NoOp" };
        node.Input.Add(dependencies.Select(d => $"^{d}"));
        _nodes.Add(node);
        return unique;
    }

    // ---- Text ----------------------------------------------------------------------------------------------

    /// <summary>ASCII lower-casing (encoding "", TensorFlow's default: only A–Z change).</summary>
    public TensorRef StringLower(string name, TensorRef input) =>
        Add(name, "StringLower", [input], ("encoding", StringValue("")))[0];

    public TensorRef StaticRegexReplace(string name, TensorRef input, string pattern, string rewrite) =>
        Add(name, "StaticRegexReplace", [input],
            ("pattern", StringValue(pattern)), ("rewrite", StringValue(rewrite)), ("replace_global", BoolValue(true)))[0];

    /// <summary>StringSplit (v1): splits each string of a 1-D batch on any byte of the delimiter, dropping empty pieces.</summary>
    public (TensorRef Indices, TensorRef Values, TensorRef Shape) StringSplit(string name, TensorRef input, TensorRef delimiter)
    {
        var outputs = Add(name, "StringSplit", [input, delimiter], ("skip_empty", BoolValue(true)));
        return (outputs[0], outputs[1], outputs[2]);
    }

    public TensorRef SparseToDense(string name, TensorRef indices, TensorRef outputShape, TensorRef values, TensorRef defaultValue) =>
        Add(name, "SparseToDense", [indices, outputShape, values, defaultValue], ("validate_indices", BoolValue(true)))[0];

    // ---- Lookup table --------------------------------------------------------------------------------------

    public TensorRef HashTable(string name, DataType keyType, DataType valueType, string sharedName) =>
        Add(name, "HashTableV2", [],
            ("key_dtype", TypeValue(keyType)), ("value_dtype", TypeValue(valueType)),
            ("shared_name", StringValue(sharedName)), ("container", StringValue("")), ("use_node_name_sharing", BoolValue(false)))[0];

    /// <summary>Fills the table; returns the node name (the op has no outputs), for the init op's control inputs.</summary>
    public string LookupTableImport(string name, TensorRef table, TensorRef keys, TensorRef values) =>
        AddNode(name, "LookupTableImportV2", [table, keys, values], []).Node;

    public TensorRef LookupTableFind(string name, TensorRef table, TensorRef keys, TensorRef defaultValue) =>
        Add(name, "LookupTableFindV2", [table, keys, defaultValue])[0];

    // ---- Shapes and layout ---------------------------------------------------------------------------------

    /// <summary>The shape of <paramref name="input"/> as int32.</summary>
    public TensorRef Shape(string name, TensorRef input) =>
        Add(name, "Shape", [input], ("out_type", TypeValue(DtInt32)))[0];

    public TensorRef Reshape(string name, TensorRef tensor, TensorRef shape) =>
        Add(name, "Reshape", [tensor, shape])[0];

    public TensorRef Transpose(string name, TensorRef x, TensorRef permutation) =>
        Add(name, "Transpose", [x, permutation])[0];

    /// <summary>ConcatV2 of at least two tensors of one dtype along the scalar <paramref name="axis"/>.</summary>
    public TensorRef Concat(string name, IReadOnlyList<TensorRef> values, TensorRef axis) =>
        Add(name, "ConcatV2", [.. values, axis], ("N", new AttrValue { I = values.Count }))[0];

    public TensorRef Fill(string name, TensorRef dims, TensorRef value) =>
        Add(name, "Fill", [dims, value])[0];

    /// <summary>StridedSlice with explicit masks (bit i set = ignore begin/end of dimension i).</summary>
    public TensorRef StridedSlice(string name, TensorRef input, TensorRef begin, TensorRef end, TensorRef strides, long beginMask = 0, long endMask = 0) =>
        Add(name, "StridedSlice", [input, begin, end, strides],
            ("begin_mask", new AttrValue { I = beginMask }), ("end_mask", new AttrValue { I = endMask }),
            ("ellipsis_mask", new AttrValue { I = 0 }), ("new_axis_mask", new AttrValue { I = 0 }), ("shrink_axis_mask", new AttrValue { I = 0 }))[0];

    /// <summary>Split into <paramref name="count"/> equal parts along the int32 scalar <paramref name="axis"/>.</summary>
    public IReadOnlyList<TensorRef> Split(string name, TensorRef axis, TensorRef value, int count) =>
        Add(name, "Split", [axis, value], ("num_split", new AttrValue { I = count }));

    public TensorRef Gather(string name, TensorRef parameters, TensorRef indices, TensorRef axis) =>
        Add(name, "GatherV2", [parameters, indices, axis], ("batch_dims", new AttrValue { I = 0 }))[0];

    /// <summary>Cast between numeric types and bool (Truncate left at its default, false).</summary>
    public TensorRef Cast(string name, TensorRef x, DataType to)
    {
        // The OpDef allows any type; TensorFlow has no kernel that casts strings.
        if (x.DataType == DtString || to == DtString) throw new ArgumentException("Cast cannot convert strings.", nameof(to));
        return Add(name, "Cast", [x], ("DstT", TypeValue(to)))[0];
    }

    // ---- Arithmetic ----------------------------------------------------------------------------------------

    public TensorRef MatMul(string name, TensorRef a, TensorRef b) =>
        Add(name, "MatMul", [a, b], ("transpose_a", BoolValue(false)), ("transpose_b", BoolValue(false)))[0];

    public TensorRef BiasAdd(string name, TensorRef value, TensorRef bias) =>
        Add(name, "BiasAdd", [value, bias], ("data_format", StringValue("NHWC")))[0];

    public TensorRef Add(string name, TensorRef x, TensorRef y) => Add(name, "AddV2", [x, y])[0];
    public TensorRef Mul(string name, TensorRef x, TensorRef y) => Add(name, "Mul", [x, y])[0];
    public TensorRef RealDiv(string name, TensorRef x, TensorRef y) => Add(name, "RealDiv", [x, y])[0];
    public TensorRef Maximum(string name, TensorRef x, TensorRef y) => Add(name, "Maximum", [x, y])[0];
    public TensorRef Sigmoid(string name, TensorRef x) => Add(name, "Sigmoid", [x])[0];
    public TensorRef Tanh(string name, TensorRef x) => Add(name, "Tanh", [x])[0];
    public TensorRef Greater(string name, TensorRef x, TensorRef y) => Add(name, "Greater", [x, y])[0];

    /// <summary>−1, 0 or 1 by the sign of each element.</summary>
    public TensorRef Sign(string name, TensorRef x) => Add(name, "Sign", [x])[0];

    /// <summary>The sum over the dimensions in <paramref name="axis"/>, which are dropped (keep_dims false).</summary>
    public TensorRef Sum(string name, TensorRef input, TensorRef axis) =>
        Add(name, "Sum", [input, axis], ("keep_dims", BoolValue(false)))[0];

    /// <summary>SelectV2 (broadcasting): <paramref name="whenTrue"/> where the condition holds, else <paramref name="whenFalse"/>.</summary>
    public TensorRef Select(string name, TensorRef condition, TensorRef whenTrue, TensorRef whenFalse) =>
        Add(name, "SelectV2", [condition, whenTrue, whenFalse])[0];

    // ---- Plumbing ------------------------------------------------------------------------------------------

    private TensorRef AddConst(string name, DataType dtype, long[] shape, int count, Action<TensorProto> fill)
    {
        long elements = shape.Aggregate(1L, (product, size) => product * size);
        if (shape.Any(size => size < 0) || elements != count)
            throw new ArgumentException($"Const \"{name}\": {count} values do not fill the shape [{string.Join(", ", shape)}].", nameof(shape));
        var tensor = new TensorProto { Dtype = dtype, TensorShape = Shape(shape) };
        fill(tensor);
        return Add(name, "Const", [], ("dtype", TypeValue(dtype)), ("value", new AttrValue { Tensor = tensor }))[0];
    }

    /// <summary>
    /// Adds a node of <paramref name="opName"/> as <see cref="OpRegistry"/> defines it: each input is checked against
    /// its arg (a fixed dtype, or the dtype its type attr already holds); unset type attrs take their input's dtype;
    /// attrs are written in the table's order; the outputs' dtypes follow from the table and the attrs. A node that
    /// <see cref="NodeChecks"/> would reject is never added.
    /// </summary>
    /// <param name="given">The attrs no input decides (values, flags, an output's dtype, repeat counts).</param>
    /// <returns>The node's outputs, typed.</returns>
    private IReadOnlyList<TensorRef> Add(string name, string opName, IReadOnlyList<TensorRef> inputs, params (string Name, AttrValue Value)[] given) =>
        AddNode(name, opName, inputs, given).Outputs;

    private (string Node, IReadOnlyList<TensorRef> Outputs) AddNode(string name, string opName, IReadOnlyList<TensorRef> inputs, (string Name, AttrValue Value)[] given)
    {
        var op = OpRegistry.Find(opName) ?? throw new InvalidOperationException($"{opName} is not in the op table.");
        var attrs = new Dictionary<string, AttrValue>(StringComparer.Ordinal);
        foreach (var (attrName, value) in given)
        {
            if (op.FindAttr(attrName) is null) throw new InvalidOperationException($"{opName} declares no attr \"{attrName}\".");
            attrs.Add(attrName, value);
        }
        BindInputTypes(op, inputs, attrs);

        var node = new NodeDef { Name = name, Op = op.Name };
        node.Input.Add(inputs.Select(input => input.InputName));
        foreach (var definition in op.Attrs)
        {
            if (attrs.TryGetValue(definition.Name, out var value)) node.Attr.Add(definition.Name, value);
        }
        var problems = NodeChecks.Check(node, op, $"{op.Name} \"{name}\"");
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems));
        var outputTypes = op.OutputTypes(node.Attr) ?? throw new InvalidOperationException($"{op.Name} \"{name}\": the attrs do not decide its output dtypes.");

        node.Name = Unique(name);
        _nodes.Add(node);
        return (node.Name, [.. outputTypes.Select((type, index) => new TensorRef(node.Name, index, type))]);
    }

    private static void BindInputTypes(OpDefinition op, IReadOnlyList<TensorRef> inputs, Dictionary<string, AttrValue> attrs)
    {
        int next = 0;
        foreach (var arg in op.Inputs)
        {
            int count = OpDefinition.RepeatCount(arg, attrs) ?? throw new InvalidOperationException($"{op.Name}: the attr \"{arg.NumberAttr}\" is not given.");
            for (int i = 0; i < count; i++, next++)
            {
                if (next >= inputs.Count) throw new ArgumentException($"{op.Name} takes more than the {inputs.Count} inputs given.");
                var input = inputs[next];
                string what = $"{op.Name} {arg.Name}";
                if (arg.FixedType is { } fixedType)
                {
                    Expect(input, fixedType, what);
                }
                else if (arg.TypeAttr is { } typeAttr && attrs.TryGetValue(typeAttr, out var bound))
                {
                    Expect(input, bound.Type, what);
                }
                else if (arg.TypeAttr is { } unbound)
                {
                    if (op.FindAttr(unbound)?.AllowedTypes is { } allowed && !allowed.Contains(input.DataType))
                        throw new ArgumentException($"{what} must be one of {string.Join(", ", allowed)}, but {input.TensorName} is {input.DataType}.");
                    attrs[unbound] = TypeValue(input.DataType);
                }
            }
        }
        if (next != inputs.Count) throw new ArgumentException($"{op.Name} takes {next} inputs, {inputs.Count} were given.");
    }

    private string Unique(string name)
    {
        string candidate = name;
        for (int i = 1; !_names.Add(candidate); i++) candidate = $"{name}_{i}";
        return candidate;
    }

    private static void Expect(TensorRef tensor, DataType type, string what)
    {
        if (tensor.DataType != type)
            throw new ArgumentException($"{what} must be {type}, but {tensor.TensorName} is {tensor.DataType}.");
    }

    private static AttrValue TypeValue(DataType type) => new() { Type = type };

    private static AttrValue BoolValue(bool value) => new() { B = value };

    private static AttrValue StringValue(string value) => new() { S = ByteString.CopyFromUtf8(value) };

    /// <summary>A shape; -1 marks an unknown dimension. An empty list is a scalar (an empty, present message).</summary>
    public static TensorShapeProto Shape(params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(dims.Select(size => new TensorShapeProto.Types.Dim { Size = size }));
        return shape;
    }
}
